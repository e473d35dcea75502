// Benchmark: the rollups' size and the long ranges' speed, on a real SQLite
// database written through the dashboard's own code (writeMinute, the hour
// roll-up, pruning), with a clock moved by hand.
//
//   npx tsx bench/metrics-storage.ts       (~2 min; no containers needed)
//
// 1. Growth: 20 containers (each with one network interface, kept as a
//    series of its own) and the host sampled for 9 simulated days (a
//    minute row each per minute, an hour row each per hour, pruning hourly):
//    bytes per container per day in the first week (minute rows accumulate)
//    and after it (minute rows pruned, their pages reused; hour rows grow).
// 2. A year: 365 days of hour rows for the same 20: bytes per container per year.
// 3. Speed: the 30-day range of one container (720 hour buckets) and the 7-day
//    and 1-year ranges, median server time of 30 answers (goal: 30 d ≤ 50 ms),
//    and the CPU time they took (what the answer costs on a machine that is
//    not shared with other work).
import { statSync } from "node:fs";
import path from "node:path";
import { useTempDatabase } from "../tests/helpers/temp-database";

const database = useTempDatabase();
const { emptyPoint } = await import("../server/metrics/rates");
const { BucketSums } = await import("../server/metrics/buckets");
const store = await import("../server/metrics/rollup-store");
const { readSeries } = await import("../server/metrics/query");
const { db } = await import("../server/db");
const { METRIC_RANGES } = await import("../lib/metrics");

const CONTAINERS = 20;
const DAYS = Number(process.env.BENCH_DAYS ?? 9);
const LXCPATH = "/bench/lxcpath";
const names = Array.from({ length: CONTAINERS }, (_, i) => `bench-${i}`);
const interfaces = names.map((n) => store.interfaceSeriesKey(n, "eth0"));
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A minute of an interface: its network fields alone. */
function interfaceSummary(t: number, i: number) {
  const s = minuteSummary(t, i);
  const keep = new Set(["netRx", "netTx", "netRxPackets", "netTxPackets"]);
  for (const f of Object.keys(s.avg) as Array<keyof typeof s.avg>) if (!keep.has(f)) s.avg[f] = null;
  for (const f of Object.keys(s.max) as Array<keyof typeof s.max>) if (!keep.has(f)) s.max[f] = null;
  return s;
}

/** A plausible minute of a container: 12 samples of a busy-ish web server. */
function minuteSummary(t: number, i: number) {
  const b = new BucketSums(t);
  for (let k = 0; k < 12; k++) {
    const p = emptyPoint(t + k * 5);
    const wave = Math.sin((t / 3600 + i) / 3) + 1;
    Object.assign(p, {
      cpu: 3 + 20 * wave * Math.random(),
      mem: (64 + 30 * wave) * 1024 * 1024 + Math.random() * 4e6,
      memLimit: 512 * 1024 * 1024,
      swap: 0,
      anon: 50 * 1024 * 1024 + Math.random() * 1e6,
      file: 30 * 1024 * 1024 + Math.random() * 1e6,
      pids: 12 + Math.round(Math.random() * 3),
      diskRead: Math.random() < 0.8 ? 0 : Math.random() * 2e6,
      diskWrite: Math.random() * 5e4,
      diskReadOps: Math.random() * 5,
      diskWriteOps: Math.random() * 20,
      netRx: Math.random() * 3e5,
      netTx: Math.random() * 1e6,
      netRxPackets: Math.random() * 400,
      netTxPackets: Math.random() * 900,
    });
    b.add(p);
  }
  return b.summary();
}

function dbBytes(): number {
  const file = path.join(database.dataDir, "dashboard.db");
  const wal = `${file}-wal`;
  return statSync(file).size + (statSync(wal, { throwIfNoEntry: false })?.size ?? 0);
}

async function usedBytes(): Promise<number> {
  const [{ page_count }] = await db().$queryRawUnsafe<[{ page_count: bigint }]>("PRAGMA page_count");
  const [{ freelist_count }] = await db().$queryRawUnsafe<[{ freelist_count: bigint }]>("PRAGMA freelist_count");
  const [{ page_size }] = await db().$queryRawUnsafe<[{ page_size: bigint }]>("PRAGMA page_size");
  return Number(page_count - freelist_count) * Number(page_size);
}

const ms = (f: () => Promise<unknown>) => async () => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const ids = await store.seriesIds(LXCPATH, [...names, ...interfaces]);
  const start = Math.floor(Date.UTC(2026, 0, 1) / DAY) * DAY;
  const emptyBytes = await usedBytes();

  // 1. Nine days, minute by minute, through the dashboard's writes.
  const daily: number[] = [];
  for (let day = 0; day < DAYS; day++) {
    for (let m = 0; m < 1440; m++) {
      const at = start + day * DAY + m * MINUTE;
      const minute = at / MINUTE;
      const rows = [
        ...names.map((n, i) => ({ seriesId: ids.get(n)!, summary: minuteSummary(minute * 60, i) })),
        ...interfaces.map((n, i) => ({ seriesId: ids.get(n)!, summary: interfaceSummary(minute * 60, i) })),
      ];
      const closedHour = m % 60 === 59 ? Math.floor(at / 3_600_000) : null;
      await store.writeMinute(minute, rows, closedHour);
      if (closedHour !== null) await store.pruneRollups(LXCPATH, names, at + MINUTE);
    }
    daily.push(await usedBytes());
    console.log(`day ${day + 1}: ${((daily.at(-1)! - emptyBytes) / 1e6).toFixed(2)} MB in use`);
  }
  const perDay = daily.map((b, i) => (b - (i === 0 ? emptyBytes : daily[i - 1]!)) / CONTAINERS);
  console.log(`pages in use after each simulated day (${CONTAINERS} containers): ${daily.map((b) => `${(b / 1e6).toFixed(2)} MB`).join(", ")}`);
  console.log(`growth per container per day: days 1–7 ${Math.round(Math.max(...perDay.slice(0, 7)) / 1024)} KiB at most; days 8–9 ${Math.round(Math.max(...perDay.slice(7)) / 1024)} KiB at most`);
  const minuteRows = await db().metricMinute.count();
  const hourRows = await db().metricHour.count();
  console.log(`rows: ${minuteRows} minute (7 days kept), ${hourRows} hour; file ${(dbBytes() / 1e6).toFixed(2)} MB`);

  // 2. A year of hour rows, measured on their own.
  const beforeYear = await usedBytes();
  const yearNames = names.map((n) => `${n}-year`);
  const hourIds = await store.seriesIds(LXCPATH, [...yearNames, ...yearNames.map((n) => store.interfaceSeriesKey(n, "eth0"))]);
  const yearStart = start - 400 * DAY;
  for (let h = 0; h < 365 * 24; h += 24) {
    const rows = [...hourIds].flatMap(([key, seriesId], i) =>
      Array.from({ length: 24 }, (_, k) => {
        const hour = yearStart / 3_600_000 + h + k;
        const summary = key.includes("/") ? interfaceSummary(hour * 3600, i) : minuteSummary(hour * 3600, i);
        return { seriesId, hour, summary: { ...summary, n: 720 } };
      }),
    );
    await store.writeHours(rows);
  }
  const yearBytes = ((await usedBytes()) - beforeYear) / CONTAINERS;
  console.log(`a year of hour rows: ${Math.round(yearBytes / 1024)} KiB per container (${(yearBytes / 8760).toFixed(1)} bytes per hour: its row and its interface's)`);
  const weekOfMinutes = (daily[6]! - emptyBytes) / CONTAINERS;
  console.log(`bytes per container per year, kept at most: ${((weekOfMinutes + yearBytes) / 1024 / 1024).toFixed(2)} MiB (7 days of minutes ${(weekOfMinutes / 1024 / 1024).toFixed(2)} MiB + a year of hours ${(yearBytes / 1024 / 1024).toFixed(2)} MiB)`);

  // 3. Speed of the long ranges, for one container with a full history.
  const now = start + 9 * DAY;
  const source = { lxcpath: LXCPATH, sampler: undefined, now };
  const nowS = Math.floor(now / 1000);
  for (const [range, name] of [["30d", "bench-0"], ["7d", "bench-0"], ["1y", "bench-0-year"]] as const) {
    const r = METRIC_RANGES[range];
    const q = { from: nowS - r.seconds, to: nowS, step: r.step };
    const times: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k < 30; k++) {
      const before = process.cpuUsage();
      times.push(await ms(() => readSeries(name, q, source))());
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    const m = median(times);
    console.log(
      `${range} range (${Math.ceil(r.seconds / r.step)} buckets): median ${m.toFixed(1)} ms, CPU ${median(cpu).toFixed(1)} ms${range === "30d" ? ` (goal ≤ 50 ms: ratio ${(m / 50).toFixed(2)})` : ""}`,
    );
  }
  await db().$disconnect();
  database.cleanup();
}

void main();
