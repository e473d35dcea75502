import { afterEach, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/live-events";
import { publishLive, subscribeLive } from "@/server/live/live-bus";

const unsubscribes: Array<() => void> = [];
afterEach(() => unsubscribes.splice(0).forEach((u) => u()));

describe("the live bus", () => {
  it("gives a viewer every event but those for admins alone", () => {
    const viewer: LiveEvent[] = [];
    const admin: LiveEvent[] = [];
    unsubscribes.push(subscribeLive("viewer", (e) => viewer.push(e)), subscribeLive("admin", (e) => admin.push(e)));
    publishLive({ type: "busy", busy: { web: "starting" } });
    publishLive({ type: "terminal-sessions", container: "web" }, { audience: "admin" });
    expect(viewer.map((e) => e.type)).toEqual(["busy"]);
    expect(admin.map((e) => e.type)).toEqual(["busy", "terminal-sessions"]);
  });

  it("keeps delivering when one stream throws, and stops after unsubscribe", () => {
    const got: LiveEvent[] = [];
    const stop = subscribeLive("viewer", () => {
      throw new Error("broken tab");
    });
    unsubscribes.push(stop, subscribeLive("viewer", (e) => got.push(e)));
    publishLive({ type: "activity", container: null });
    stop();
    publishLive({ type: "activity", container: "x" });
    expect(got).toHaveLength(2);
  });
});
