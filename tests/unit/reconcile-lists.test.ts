// The cheap reconciliation's plan: from three plain lxc-ls lists, which
// containers to read again (unknown, in another state, or running with an
// init that is gone) and which to drop.
import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "@/lib/container-types";
import { reconcilePlan } from "@/server/live/reconcile-lists";

const row = (name: string, state: string, pid: number | null): ContainerSummary =>
  ({ name, state, pid, ipv4: [], ipv6: [], memoryBytes: null, autostart: false, unprivileged: true }) as unknown as ContainerSummary;

const rows = new Map([
  ["web", row("web", "RUNNING", 100)],
  ["db", row("db", "STOPPED", null)],
  ["cold", row("cold", "FROZEN", 300)],
  ["gone", row("gone", "STOPPED", null)],
  ["moving", row("moving", "STARTING", null)],
]);
const alive = (pid: number) => pid !== 999;

describe("reconcilePlan", () => {
  it("reads nothing again when the lists agree with the store", () => {
    const plan = reconcilePlan(rows, { all: ["web", "db", "cold", "gone"], running: new Set(["web"]), frozen: new Set(["cold"]) }, alive);
    expect(plan.refresh).toEqual([]);
  });

  it("reads again a container unknown, in another state, or in a state in between; drops one no longer listed", () => {
    const plan = reconcilePlan(rows, { all: ["web", "db", "cold", "moving", "new"], running: new Set(["db", "moving"]), frozen: new Set() }, alive);
    expect(plan.refresh.sort()).toEqual(["cold", "db", "moving", "new", "web"].sort());
    expect(plan.removed).toEqual(["gone"]);
  });

  it("reads again a running container whose init is gone (restarted between two looks, both events missed)", () => {
    const restarted = new Map([["web", row("web", "RUNNING", 999)]]);
    expect(reconcilePlan(restarted, { all: ["web"], running: new Set(["web"]), frozen: new Set() }, alive).refresh).toEqual(["web"]);
  });

  it("counts a frozen container as frozen whether or not --running lists it too", () => {
    const plan = reconcilePlan(rows, { all: ["web", "db", "cold", "gone"], running: new Set(["web", "cold"]), frozen: new Set(["cold"]) }, alive);
    expect(plan.refresh).toEqual([]);
  });
});
