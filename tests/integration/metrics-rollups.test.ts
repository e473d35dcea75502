import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

// The rollup store on a real SQLite database through Prisma, with the
// sampler's clock moved by hand: minute rows, the hour row made from them,
// hours missed while stopped, pruning, and a locked database losing nothing.

const database = useTempDatabase();
const { MetricsSampler } = await import("@/server/metrics/sampler");
const store = await import("@/server/metrics/rollup-store");
const { db } = await import("@/server/db");

const LXCPATH = "/nonexistent/lxcpath";
afterAll(async () => {
  await db().$disconnect();
  database.cleanup();
});

const HOUR = 3_600_000;
const START = Math.floor(Date.UTC(2026, 10, 30, 10) / HOUR) * HOUR; // 10:00 UTC
const logs: string[] = [];
function samplerAt(clock: { now: number }) {
  return new MetricsSampler({ lxcpath: LXCPATH, intervalSeconds: 5, now: () => clock.now, running: () => [], existing: () => [], log: (l) => logs.push(l) });
}

describe("rollups", () => {
  it("writes a row per finished minute and, at the hour, the hour row from them", async () => {
    const clock = { now: START + 57 * 60_000 };
    const sampler = samplerAt(clock);
    while (clock.now <= START + HOUR + 5000) {
      sampler.round();
      clock.now += 5000;
    }
    await sampler.flush();
    const host = await store.findSeriesId(LXCPATH, store.HOST_SERIES);
    const minutes = await db().metricMinute.findMany({ where: { seriesId: host! }, orderBy: { minute: "asc" } });
    expect(minutes.map((m) => [m.minute - START / 60_000, m.n])).toEqual([[57, 12], [58, 12], [59, 12]]);
    const hours = await db().metricHour.findMany({ where: { seriesId: host! } });
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ hour: START / HOUR, n: 36 });
    const avg = minutes.reduce((s, m) => s + Number(m.mem), 0) / 3;
    expect(Math.abs(Number(hours[0]!.mem) - avg)).toBeLessThanOrEqual(1);
    expect(hours[0]!.memMax).toBe(minutes.map((m) => m.memMax!).reduce((a, b) => (a > b ? a : b)));
  });

  it("rolls up at start the hours that ended while the dashboard was stopped", async () => {
    const host = (await store.findSeriesId(LXCPATH, store.HOST_SERIES))!;
    const oldHour = START / HOUR - 5;
    const summary = { t: 0, n: 12, avg: { cpu: 50 } as never, max: { cpu: 80 } };
    await store.writeMinute(oldHour * 60 + 1, [{ seriesId: host, summary }], null);
    await store.writeMinute(oldHour * 60 + 2, [{ seriesId: host, summary: { ...summary, avg: { cpu: 10 } as never } }], null);
    expect(await db().metricHour.count({ where: { hour: oldHour } })).toBe(0);
    await store.rollUpMissedHours(START / HOUR + 2);
    expect(await db().metricHour.findFirst({ where: { hour: oldHour } })).toMatchObject({ n: 24, cpu: 3000, cpuMax: 8000 });
  });

  it("prunes minutes after 7 days, hours after a year and a destroyed container's series 30 days after it went", async () => {
    const now = START + 400 * 24 * HOUR;
    const ids = await store.seriesIds(LXCPATH, ["kept", "kept/eth0", "gone-long-ago", "gone-lately", "destroyed-now", "destroyed-now/eth1"]);
    const day = 24 * HOUR;
    await db().metricSeries.update({ where: { id: ids.get("gone-long-ago")! }, data: { goneAt: new Date(now - 31 * day) } });
    await db().metricSeries.update({ where: { id: ids.get("gone-lately")! }, data: { goneAt: new Date(now - 29 * day) } });
    const row = (_minute: number) => ({ seriesId: ids.get("kept")!, summary: { t: 0, n: 1, avg: { cpu: 1 } as never, max: {} } });
    await store.writeMinute(Math.floor((now - 8 * day) / 60_000), [row(0)], null);
    await store.writeMinute(Math.floor((now - 6 * day) / 60_000), [row(0), { ...row(0), seriesId: ids.get("gone-long-ago")! }], null);
    await store.rollUpMissedHours(Math.floor(now / HOUR));

    const done = await store.pruneRollups(LXCPATH, ["kept"], now);
    expect(done.series).toBe(1);
    const left = await db().metricSeries.findMany({ where: { lxcpath: LXCPATH }, orderBy: { container: "asc" } });
    // A container's interfaces go (and stay) with it.
    expect(left.map((s) => [s.container, s.goneAt?.getTime() ?? null])).toEqual([
      ["", null],
      ["destroyed-now", now],
      ["destroyed-now/eth1", now],
      ["gone-lately", now - 29 * day],
      ["kept", null],
      ["kept/eth0", null],
    ]);
    expect(await store.interfacesInRollups(LXCPATH, "kept")).toEqual(["eth0"]);
    // Made in one statement, read back by Prisma as a time.
    const firstSeen = left.find((l) => l.container === "kept")!.firstSeen;
    expect(Math.abs(firstSeen.getTime() - Date.now())).toBeLessThan(600_000);
    const keptMinutes = await db().metricMinute.findMany({ where: { seriesId: ids.get("kept")! } });
    expect(keptMinutes.map((m) => m.minute)).toEqual([Math.floor((now - 6 * day) / 60_000)]);
    // The hour rows of 10:00 on the first day are 400 days old: gone; those of 8 and 6 days ago stay.
    expect(await db().metricHour.count({ where: { hour: { lt: Math.floor((now - 365 * day) / HOUR) } } })).toBe(0);
    expect(await db().metricHour.count({ where: { seriesId: ids.get("kept")! } })).toBe(2);
  });

  it("keeps the minutes in memory while the database is locked and writes them when it is free", async () => {
    const clock = { now: START + 200 * HOUR };
    const sampler = samplerAt(clock);
    const lock = new Database(path.join(database.dataDir, "dashboard.db"));
    lock.exec("BEGIN EXCLUSIVE");
    try {
      for (let i = 0; i < 13; i++) {
        sampler.round();
        clock.now += 5000;
      }
      await sampler.flush();
      expect(logs.some((l) => l.startsWith("Metrics: could not write rollups"))).toBe(true);
    } finally {
      lock.exec("ROLLBACK");
      lock.close();
    }
    for (let i = 0; i < 12; i++) {
      sampler.round();
      clock.now += 5000;
    }
    await sampler.flush();
    const host = (await store.findSeriesId(LXCPATH, store.HOST_SERIES))!;
    const minute = Math.floor((START + 200 * HOUR) / 60_000);
    expect((await db().metricMinute.findMany({ where: { seriesId: host, minute: { gte: minute } } })).map((m) => m.minute)).toEqual([minute, minute + 1]);
    expect(logs.at(-1)).toBe("Metrics: rollups written again.");
  });
});
