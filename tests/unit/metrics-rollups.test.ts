import { describe, expect, it } from "vitest";
import { emptyPoint } from "@/server/metrics/rates";
import { BucketSums, bucketPoints, mergeSummaries } from "@/server/metrics/buckets";
import { closedBuckets, hourOf, minuteOf, pruneCutoffs } from "@/server/metrics/retention";
import { decodeRow, decodeValues, encodeSummary, mergeRows, ROW_COLUMNS } from "@/server/metrics/rollup-codec";
import { appendSparklines } from "@/lib/metrics";
import { PointRing } from "@/server/metrics/point-ring";

const point = (t: number, cpu: number | null, mem: number | null) => ({ ...emptyPoint(t), cpu, mem });

describe("buckets", () => {
  it("averages skip nulls (unavailable is not 0) and peaks are the maxima", () => {
    const b = new BucketSums(60);
    b.add(point(60, 10, 100));
    b.add(point(65, null, 300));
    b.add(point(70, 30, null));
    const s = b.summary();
    expect(s).toMatchObject({ t: 60, n: 3 });
    expect(s.avg.cpu).toBe(20);
    expect(s.avg.mem).toBe(200);
    expect(s.max.cpu).toBe(30);
    expect(s.avg.netRx).toBeNull();
  });

  it("groups points by step and merges partial buckets weighted by their samples", () => {
    const buckets = bucketPoints([point(0, 10, 1), point(5, 20, 1), point(60, 50, 1)], 60);
    expect(buckets.map((b) => [b.t, b.n, b.avg.cpu])).toEqual([[0, 2, 15], [60, 1, 50]]);
    const merged = mergeSummaries([buckets[0]!, { ...buckets[1]!, t: 0 }]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.n).toBe(3);
    expect(merged[0]!.avg.cpu).toBeCloseTo((10 + 20 + 50) / 3);
    expect(merged[0]!.max.cpu).toBe(50);
  });
});

describe("rollup arithmetic (injectable clock)", () => {
  const T = Date.UTC(2026, 10, 30, 13, 59, 58);

  it("closes a minute when a sample of the next arrives, and an hour at the hour", () => {
    expect(closedBuckets(T - 5000, T)).toEqual({ minute: null, hour: null });
    expect(closedBuckets(T, T + 5000)).toEqual({ minute: minuteOf(T), hour: hourOf(T) });
    expect(closedBuckets(T - 60_000, T - 55_000)).toEqual({ minute: minuteOf(T) - 1, hour: null });
  });

  it("prunes minutes after 7 days, hours after a year, destroyed containers after 30 days", () => {
    const cut = pruneCutoffs(T);
    expect(cut.minute).toBe(minuteOf(T) - 7 * 1440);
    expect(cut.hour).toBe(hourOf(T) - 365 * 24);
    expect(cut.goneBefore.getTime()).toBe(T - 30 * 86_400_000);
  });

  it("stores values as small integers and reads them back", () => {
    const b = new BucketSums(600);
    b.add({ ...point(600, 12.345, 64 * 1024 * 1024), netRx: 1500.4, pids: 4, load1: 1.25 });
    b.add({ ...point(605, 100, 32 * 1024 * 1024), netRx: 500, pids: 5, load1: 0.75 });
    const row = encodeSummary(b.summary());
    expect(row).toMatchObject({ n: 2, cpu: 5617, cpuMax: 10000, mem: 49152n, memMax: 65536n, netRx: 1000n, pids: 450, pidsMax: 500, load1: 100 });
    const back = decodeRow(600, row);
    expect(back.avg.cpu).toBeCloseTo(56.17);
    expect(back.avg.mem).toBe(48 * 1024 * 1024);
    expect(back.max.netRx).toBe(1500);
    expect(back.avg.netTx).toBeNull();
  });
});

describe("PointRing", () => {
  it("keeps the last `capacity` points, oldest first, nulls intact", () => {
    const ring = new PointRing(3);
    for (let t = 0; t < 5; t++) ring.push(point(t, t === 3 ? null : t, 1));
    expect([...ring.since()].map((p) => [p.t, p.cpu])).toEqual([[2, 2], [3, null], [4, 4]]);
    expect([...ring.since(4)].map((p) => p.t)).toEqual([4]);
    expect(ring.latest()?.t).toBe(4);
    // Two points with one time (rounds closer than the interval): the latest is the one pushed last.
    ring.push(point(4, 44, 1));
    expect(ring.latest()?.cpu).toBe(44);
  });
});

describe("reading rollup rows back (rows as SQLite's json_array gives them)", () => {
  const minuteRow = (minute: number, n: number, cpu: number | null, cpuMax: number | null, mem: number | null) => {
    const row = encodeSummary({ t: minute * 60, n, avg: { ...emptyPoint(0), cpu, mem }, max: { cpu: cpuMax, mem } });
    return [minute, ...ROW_COLUMNS.map((c) => (row[c] === null || row[c] === undefined ? null : Number(row[c])))];
  };

  it("decodes an array row the same as an object row", () => {
    const b = new BucketSums(600);
    b.add({ ...point(600, 12.5, 64 * 1024 * 1024), netRx: 1500, load1: 0.5 });
    const row = encodeSummary(b.summary());
    const values = [10, ...ROW_COLUMNS.map((c) => row[c] ?? null)];
    expect(decodeValues(600, values, 1)).toEqual(decodeRow(600, row));
  });

  it("merges rows into buckets: averages weighted by samples, NULLs skipped, peaks the largest", () => {
    const rows = [minuteRow(0, 12, 10, 20, 100 * 1024), minuteRow(1, 6, 40, 90, null), minuteRow(2, 12, null, null, 300 * 1024), minuteRow(5, 12, 5, 6, 1024)];
    const merged = mergeRows(rows, (minute) => Math.floor(minute / 5) * 5 * 60);
    expect(merged.map((b) => [b.t, b.n])).toEqual([[0, 30], [300, 12]]);
    expect(merged[0]!.avg.cpu).toBeCloseTo((10 * 12 + 40 * 6) / 18);
    expect(merged[0]!.max.cpu).toBe(90);
    expect(merged[0]!.avg.mem).toBe(200 * 1024); // the NULL of minute 1 skipped, not read as 0
    expect(merged[0]!.max.mem).toBe(300 * 1024);
    expect(merged[0]!.avg.netRx).toBeNull();
    expect(merged[0]!.max.netRx).toBeNull();
    expect(merged[1]!.avg.cpu).toBe(5);
  });

  it("passes buckets only one source has through as they are and merges the shared ones", () => {
    const a = { t: 0, n: 12, avg: { ...emptyPoint(0), cpu: 10 }, max: { cpu: 12 } };
    const b = { t: 60, n: 12, avg: { ...emptyPoint(60), cpu: 20 }, max: { cpu: 30 } };
    const c = { t: 60, n: 4, avg: { ...emptyPoint(60), cpu: 60 }, max: { cpu: 70 } };
    const merged = mergeSummaries([b, a, c]);
    expect(merged[0]).toBe(a);
    expect(merged[1]).toMatchObject({ t: 60, n: 16 });
    expect(merged[1]!.avg.cpu).toBeCloseTo((20 * 12 + 60 * 4) / 16);
    expect(merged[1]!.max.cpu).toBe(70);
  });
});

describe("sparklines from pushed rounds", () => {
  const sample = (cpu: number) => ({ cpu, mem: cpu * 1000, memLimit: 5000, net: null });

  it("appends each running container's values, drops what is older than the window and containers no longer running", () => {
    const before = { a: { t: [0, 5, 10], cpu: [1, 2, 3], mem: [1, 2, 3], memLimit: 4000 }, gone: { t: [10], cpu: [1], mem: [1], memLimit: null } };
    const after = appendSparklines(before, 15, { a: sample(4), fresh: sample(9) }, 10);
    expect(after).toEqual({
      a: { t: [10, 15], cpu: [3, 4], mem: [3, 4000], memLimit: 5000 },
      fresh: { t: [15], cpu: [9], mem: [9000], memLimit: 5000 },
    });
  });

  it("takes the same round once (a resync that already has it, then its push)", () => {
    const before = { a: { t: [0, 5], cpu: [1, 2], mem: [1, 2], memLimit: null } };
    expect(appendSparklines(before, 5, { a: sample(7) }, 60).a).toEqual({ t: [0, 5], cpu: [1, 7], mem: [1, 7000], memLimit: 5000 });
  });
});
