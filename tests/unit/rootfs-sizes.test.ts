// The container page's rootfs size: answered from memory, measured in the
// background one at a time (a fake measure stands in for du here), pushed
// when it changes, asked for again only when older than 30 s.
import { afterAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/live-events";
import { subscribeLive } from "@/server/live/live-bus";
import { rootfsSize, startRootfsSizes } from "@/server/containers/rootfs-sizes";

const measured: string[] = [];
let inFlight = 0;
let maxInFlight = 0;
const answers = new Map<string, number | null>([
  ["/a/rootfs", 1000],
  ["/b/rootfs", 2000],
  ["/bad/rootfs", null],
]);
const sizes = startRootfsSizes(async (dir) => {
  measured.push(dir);
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  await new Promise((r) => setTimeout(r, 20));
  inFlight--;
  return answers.get(dir) ?? null;
});
const pushes: LiveEvent[] = [];
const unsubscribe = subscribeLive("viewer", (e) => pushes.push(e));
afterAll(() => {
  sizes.stop();
  unsubscribe();
});

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("rootfsSize", () => {
  it("answers null at first, measures once however often it is asked, then answers from memory and pushes the change", async () => {
    expect(rootfsSize("a", "/a/rootfs")).toBeNull();
    expect(rootfsSize("a", "/a/rootfs")).toBeNull();
    expect(rootfsSize("b", "/b/rootfs")).toBeNull();
    await settle();
    expect(measured).toEqual(["/a/rootfs", "/b/rootfs"]);
    expect(maxInFlight).toBe(1);
    expect(rootfsSize("a", "/a/rootfs")).toBe(1000);
    expect(rootfsSize("b", "/b/rootfs")).toBe(2000);
    await settle();
    expect(measured).toHaveLength(2);
    expect(pushes).toEqual([
      { type: "data", what: "size", container: "a" },
      { type: "data", what: "size", container: "b" },
    ]);
  });

  it("measures again only after 30 s, and pushes nothing when the size is the same", async () => {
    pushes.length = 0;
    expect(rootfsSize("a", "/a/rootfs", Date.now() + 29_000)).toBe(1000);
    await settle();
    expect(measured).toHaveLength(2);
    expect(rootfsSize("a", "/a/rootfs", Date.now() + 31_000)).toBe(1000);
    await settle();
    expect(measured).toHaveLength(3);
    expect(pushes).toEqual([]);
    answers.set("/a/rootfs", 1500);
    expect(rootfsSize("a", "/a/rootfs", Date.now() + 31_000)).toBe(1000);
    await settle();
    expect(rootfsSize("a", "/a/rootfs")).toBe(1500);
    expect(pushes).toEqual([{ type: "data", what: "size", container: "a" }]);
  });

  it("a failed measurement stays unknown, is not retried at once, and pushes nothing", async () => {
    pushes.length = 0;
    const before = measured.length;
    expect(rootfsSize("bad", "/bad/rootfs")).toBeNull();
    await settle();
    expect(rootfsSize("bad", "/bad/rootfs")).toBeNull();
    await settle();
    expect(measured.length).toBe(before + 1);
    expect(pushes).toEqual([]);
  });
});
