// Schedules against real LXC and a real SQLite database, on an injected clock:
// "every run, keep 3" run five times leaves three snapshots (its own: one made
// by hand stays); a missed run runs once at start; a failed run is recorded
// with its message and the scheduler as actor.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { run } from "./lxc-helpers";
import { useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const { saveSchedule, schedulesOf } = await import("@/server/schedules/schedule-store");
const { runDue, startScheduler } = await import("@/server/schedules/scheduler");
const { snapshotViews } = await import("@/server/snapshots/snapshot-list");
const { listAudit } = await import("@/server/audit");
const { db } = await import("@/server/db");

const containers = useTestContainers("sched");

// runDue runs every due schedule in the database: each test starts with none.
afterEach(async () => {
  await db().schedule.deleteMany();
});

afterAll(() => {
  containers.cleanup();
  database.cleanup();
});

const HOUR = 3600_000;

describe("a snapshot schedule, keep 3", () => {
  it("run five times leaves the last three it made, and never a snapshot made by hand", async () => {
    const name = containers.create(false);
    run("lxc-snapshot", "-n", name); // snap0, by hand
    let now = new Date("2026-12-01T10:00:00Z");
    const row = await saveSchedule(name, "snapshot", { frequency: "hourly", time: "00:30", weekday: 0, keep: 3, whileRunning: "stop" }, now);
    expect(row.nextRunAt.toISOString()).toBe("2026-12-01T10:30:00.000Z");

    for (let i = 0; i < 5; i++) {
      now = new Date(now.getTime() + HOUR);
      expect(await runDue(now)).toBe(1);
    }
    // lxc-snapshot takes the lowest free snapN: run 4 made snap4 and retention deleted snap1 (the oldest);
    // run 5 made snap1 again, and retention deleted snap2, by then the oldest of the schedule's.
    const names = (await snapshotViews(name)).map((s) => s.name).sort();
    expect(names).toEqual(["snap0", "snap1", "snap3", "snap4"]);
    const [after] = await schedulesOf(name);
    expect(after).toMatchObject({ lastOutcome: "ok", nextRunAt: new Date("2026-12-01T15:30:00Z") });

    const rows = await listAudit({ container: name, actor: "scheduler" });
    expect(rows.filter((r) => r.action === "snapshot" && r.outcome === "ok")).toHaveLength(5);
    const deleted = rows.filter((r) => r.action === "delete snapshot").map((r) => r.command);
    expect(deleted).toHaveLength(2);
    expect(deleted).toEqual(expect.arrayContaining([expect.stringMatching(/lxc-snapshot .* -d snap1$/), expect.stringMatching(/lxc-snapshot .* -d snap2$/)]));
  });

  it("a run missed while the dashboard was down runs once, not once per missed hour", async () => {
    const name = containers.create(false);
    await saveSchedule(name, "snapshot", { frequency: "hourly", time: "00:00", weekday: 0, keep: 5, whileRunning: "stop" }, new Date("2026-12-01T10:00:00Z"));
    expect(await runDue(new Date("2026-12-01T16:20:00Z"))).toBe(1);
    expect(await runDue(new Date("2026-12-01T16:21:00Z"))).toBe(0);
    expect((await snapshotViews(name)).length).toBe(1);
  });

  it("the scheduler started after a missed slot runs it once at start, then waits for the next slot", async () => {
    const name = containers.create(false);
    await saveSchedule(name, "snapshot", { frequency: "daily", time: "03:00", weekday: 0, keep: 5, whileRunning: "stop" }, new Date("2026-11-29T12:00:00Z"));
    // The dashboard comes back two days later; its passes are an hour apart here, so only the start-up pass runs.
    const scheduler = startScheduler({ clock: () => new Date("2026-12-01T12:00:00Z"), tickMs: 3600_000 });
    try {
      expect(await scheduler.started).toBe(1);
      // The next pass finds nothing due.
      expect(await scheduler.tick()).toBe(0);
    } finally {
      scheduler.stop();
    }
    expect((await snapshotViews(name)).length).toBe(1);
    const [row] = await schedulesOf(name);
    expect(row).toMatchObject({ lastOutcome: "ok", lastRunAt: new Date("2026-12-01T12:00:00Z") });
    expect(row!.nextRunAt.getTime()).toBeGreaterThan(new Date("2026-12-01T12:00:00Z").getTime());
    expect((await listAudit({ container: name, actor: "scheduler" })).filter((r) => r.action === "snapshot")).toHaveLength(1);
  });

  it("a failed run is recorded with its message, by the scheduler", async () => {
    const name = containers.create(false);
    await saveSchedule(name, "snapshot", { frequency: "daily", time: "03:00", weekday: 0, keep: 2, whileRunning: "stop" }, new Date("2026-12-01T00:00:00Z"));
    run("lxc-destroy", "-n", name);
    expect(await runDue(new Date("2026-12-01T03:00:00Z"))).toBe(1);
    const [row] = await schedulesOf(name);
    expect(row).toMatchObject({ lastOutcome: "failed", lastMessage: expect.stringContaining("no longer exists") });
    expect((await listAudit({ container: name, actor: "scheduler" }))[0]).toMatchObject({ outcome: "failed" });
  });
});
