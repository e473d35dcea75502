import { FIELD_INFO, METRIC_FIELDS, PEAK_FIELDS, type MetricField, type MetricUnit } from "@/lib/metrics";
import type { BucketSummary } from "./buckets";

/**
 * How a rollup row stores a value: as a small integer (SQLite keeps 0 and 1
 * in no bytes, others in 1–8 bytes), so a row is mostly its header. Percent,
 * rates of operations and packets, process counts and load in hundredths;
 * memory and disk sizes in KiB; byte rates in bytes per second.
 */
const SCALE: Record<MetricUnit, number> = { percent: 100, bytes: 1 / 1024, bytesPerSecond: 1, perSecond: 100, count: 100, load: 100 };
const BIG: Record<MetricUnit, boolean> = { percent: false, bytes: true, bytesPerSecond: true, perSecond: false, count: false, load: false };

export const scaleOf = (field: MetricField): number => SCALE[FIELD_INFO[field].unit];

/** The column of a field's peak ("cpuMax"). */
export const peakColumn = (field: MetricField): string => `${field}Max`;

function encode(field: MetricField, value: number | null | undefined): number | bigint | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const n = Math.round(value * scaleOf(field));
  return BIG[FIELD_INFO[field].unit] ? BigInt(n) : n;
}

/** A bucket summary as the columns of a MetricMinute/MetricHour row (without seriesId and the time). */
export function encodeSummary(s: BucketSummary): Record<string, number | bigint | null> {
  const row: Record<string, number | bigint | null> = { n: s.n };
  for (const f of METRIC_FIELDS) row[f] = encode(f, s.avg[f]);
  for (const f of PEAK_FIELDS) row[peakColumn(f)] = encode(f, s.max[f]);
  return row;
}

/** SQL: the average of a column over a group of rows, each weighing its sample count, NULLs skipped. */
const weightedAvg = (column: string) => `SUM("${column}" * n) * 1.0 / NULLIF(SUM(CASE WHEN "${column}" IS NULL THEN 0 ELSE n END), 0)`;

/** SQL select list that merges rows into one: n summed, averages weighted, peaks the maximum. */
export function mergeSelectList({ rounded }: { rounded: boolean }): string {
  const avg = (c: string) => (rounded ? `CAST(ROUND(${weightedAvg(c)}) AS INTEGER)` : weightedAvg(c));
  return [
    "SUM(n) AS n",
    ...METRIC_FIELDS.map((f) => `${avg(f)} AS "${f}"`),
    ...PEAK_FIELDS.map((f) => `MAX("${peakColumn(f)}") AS "${peakColumn(f)}"`),
  ].join(", ");
}

export const ROW_COLUMNS = ["n", ...METRIC_FIELDS, ...PEAK_FIELDS.map(peakColumn)];

/** A merged row read back (numbers or bigints as the driver gives them) as a summary starting at `t` seconds. */
export function decodeRow(t: number, row: Record<string, unknown>): BucketSummary {
  return decodeValues(t, ROW_COLUMNS.map((c) => row[c]));
}

/** Where each field's average and peak sit in a row (ROW_COLUMNS order; -1: no peak kept), and its scale. */
const AVG_AT = METRIC_FIELDS.map((f) => ROW_COLUMNS.indexOf(f));
const PEAK_AT = METRIC_FIELDS.map((f) => (PEAK_FIELDS.includes(f) ? ROW_COLUMNS.indexOf(peakColumn(f)) : -1));
const SCALES = METRIC_FIELDS.map(scaleOf);
const FIELD_COUNT = METRIC_FIELDS.length;

const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A row read back as an array in ROW_COLUMNS order (from `offset` on), as a summary starting at `t` seconds. */
export function decodeValues(t: number, values: readonly unknown[], offset = 0): BucketSummary {
  const avg = {} as Record<MetricField, number | null>;
  const max: Partial<Record<MetricField, number | null>> = {};
  for (let i = 0; i < FIELD_COUNT; i++) {
    const f = METRIC_FIELDS[i]!;
    const v = numberOrNull(values[offset + AVG_AT[i]!]);
    avg[f] = v === null ? null : v / SCALES[i]!;
    if (PEAK_AT[i]! < 0) continue;
    const p = numberOrNull(values[offset + PEAK_AT[i]!]);
    max[f] = p === null ? null : p / SCALES[i]!;
  }
  return { t, n: numberOrNull(values[offset]) ?? 0, avg, max };
}

/**
 * Rows as read back ([time, ...ROW_COLUMNS]) merged into buckets: `bucketOf`
 * turns a row's time into its bucket's start in seconds. Averages weigh each
 * row's samples and skip NULLs (unavailable never reads as 0); a peak is the
 * largest peak (or average where no peak was kept). Straight from the
 * numbers, without an object per row: a 7-day range merges 10080 rows.
 */
export function mergeRows(rows: ReadonlyArray<ReadonlyArray<number | null>>, bucketOf: (at: number) => number): BucketSummary[] {
  interface Acc {
    t: number;
    n: number;
    sum: Float64Array;
    count: Float64Array;
    max: Float64Array;
  }
  const byT = new Map<number, Acc>();
  for (const r of rows) {
    const t = bucketOf(r[0]!);
    let a = byT.get(t);
    if (!a) byT.set(t, (a = { t, n: 0, sum: new Float64Array(FIELD_COUNT), count: new Float64Array(FIELD_COUNT), max: new Float64Array(FIELD_COUNT).fill(-Infinity) }));
    const w = Math.max(r[1] ?? 0, 1);
    a.n += w;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const v = r[1 + AVG_AT[i]!];
      if (v === null || v === undefined) continue;
      a.sum[i] = a.sum[i]! + v * w;
      a.count[i] = a.count[i]! + w;
      const p = PEAK_AT[i]! < 0 ? v : (r[1 + PEAK_AT[i]!] ?? v);
      if (p > a.max[i]!) a.max[i] = p;
    }
  }
  const out: BucketSummary[] = [];
  for (const a of byT.values()) {
    const avg = {} as Record<MetricField, number | null>;
    const max: Partial<Record<MetricField, number | null>> = {};
    for (let i = 0; i < FIELD_COUNT; i++) {
      const f = METRIC_FIELDS[i]!;
      const seen = a.count[i]! > 0;
      avg[f] = seen ? a.sum[i]! / a.count[i]! / SCALES[i]! : null;
      if (PEAK_AT[i]! >= 0) max[f] = seen ? a.max[i]! / SCALES[i]! : null;
    }
    out.push({ t: a.t, n: a.n, avg, max });
  }
  return out.sort((x, y) => x.t - y.t);
}
