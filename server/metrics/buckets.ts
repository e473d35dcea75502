import { METRIC_FIELDS, PEAK_FIELDS, type MetricField, type MetricPoint } from "@/lib/metrics";

/** A bucket's summary: how many samples, the average of each field and the peak of those kept with one. */
export interface BucketSummary {
  /** Bucket start, in seconds since the epoch. */
  t: number;
  n: number;
  avg: Record<MetricField, number | null>;
  max: Partial<Record<MetricField, number | null>>;
}

const FIELD_COUNT = METRIC_FIELDS.length;

/** Running sums of the points that fall in one bucket: the averages skip a field's nulls, so "unavailable" never reads as 0. */
export class BucketSums {
  n = 0;
  private readonly sum = new Float64Array(FIELD_COUNT);
  private readonly count = new Float64Array(FIELD_COUNT);
  private readonly max = new Float64Array(FIELD_COUNT).fill(-Infinity);

  constructor(readonly t: number) {}

  /** Adds a point, or a summary of `weight` samples (its averages weigh that much, its peaks count as maxima). */
  add(values: Partial<Record<MetricField, number | null>>, weight = 1, peaks?: Partial<Record<MetricField, number | null>>): void {
    this.n += weight;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const field = METRIC_FIELDS[i]!;
      const v = values[field];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      this.sum[i] = this.sum[i]! + v * weight;
      this.count[i] = this.count[i]! + weight;
      const peak = peaks?.[field] ?? v;
      if (peak !== null && peak > this.max[i]!) this.max[i] = peak;
    }
  }

  summary(): BucketSummary {
    const avg = {} as Record<MetricField, number | null>;
    const max: Partial<Record<MetricField, number | null>> = {};
    METRIC_FIELDS.forEach((field, i) => {
      avg[field] = this.count[i]! > 0 ? this.sum[i]! / this.count[i]! : null;
    });
    for (const field of PEAK_FIELDS) {
      const i = METRIC_FIELDS.indexOf(field);
      max[field] = this.count[i]! > 0 ? this.max[i]! : null;
    }
    return { t: this.t, n: this.n, avg, max };
  }
}

/** Points (full resolution) grouped into buckets of `step` seconds, oldest first. */
export function bucketPoints(points: Iterable<MetricPoint>, step: number): BucketSummary[] {
  const buckets = new Map<number, BucketSums>();
  for (const p of points) {
    const t = Math.floor(p.t / step) * step;
    let b = buckets.get(t);
    if (!b) buckets.set(t, (b = new BucketSums(t)));
    b.add(p);
  }
  return [...buckets.values()].sort((a, b) => a.t - b.t).map((b) => b.summary());
}

/** Merges summaries that share a bucket start (a bucket straddling two sources), weighted by their samples; others pass as they are. */
export function mergeSummaries(parts: readonly BucketSummary[]): BucketSummary[] {
  const byT = new Map<number, BucketSummary | BucketSums>();
  for (const part of parts) {
    const there = byT.get(part.t);
    if (there === undefined) {
      byT.set(part.t, part);
      continue;
    }
    let sums: BucketSums;
    if (there instanceof BucketSums) sums = there;
    else {
      sums = new BucketSums(part.t);
      sums.add(there.avg, Math.max(there.n, 1), there.max);
      byT.set(part.t, sums);
    }
    sums.add(part.avg, Math.max(part.n, 1), part.max);
  }
  return [...byT.values()].map((b) => (b instanceof BucketSums ? b.summary() : b)).sort((a, b) => a.t - b.t);
}
