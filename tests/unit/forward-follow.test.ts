import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "@/lib/container-types";
import { changeReason } from "@/server/forwards/forward-follow";

const row = (state: ContainerSummary["state"], ipv4: string[]): ContainerSummary => ({
  name: "web",
  state,
  pid: state === "RUNNING" ? 42 : null,
  memoryBytes: null,
  autostart: false,
  ipv4,
  ipv6: [],
  unprivileged: true,
});
const cause = { by: "outside" } as const;

describe("what the forwards follow", () => {
  const forwarded = new Set(["web"]);

  it("a forwarded container stopping, starting, changing its address or going", () => {
    expect(changeReason({ kind: "upsert", row: row("STOPPED", []), before: row("RUNNING", ["10.0.3.5"]), cause }, forwarded)).toBe("web is stopped");
    expect(changeReason({ kind: "upsert", row: row("RUNNING", ["10.0.3.9"]), before: row("RUNNING", ["10.0.3.5"]), cause }, forwarded)).toBe(
      "web's address is now 10.0.3.9",
    );
    expect(changeReason({ kind: "remove", name: "web", before: row("STOPPED", []), cause }, forwarded)).toBe("web is gone");
  });

  it("not its memory, nor a container without forwards", () => {
    const before = row("RUNNING", ["10.0.3.5"]);
    expect(changeReason({ kind: "upsert", row: { ...before, memoryBytes: 9 }, before, cause }, forwarded)).toBeNull();
    expect(changeReason({ kind: "upsert", row: { ...row("STOPPED", []), name: "db" }, before: null, cause }, forwarded)).toBeNull();
    expect(changeReason({ kind: "exit", name: "web", status: 0, cause }, forwarded)).toBeNull();
  });
});
