import { METRIC_FIELDS, type MetricPoint } from "@/lib/metrics";

/**
 * The last hour of a series at full resolution, in memory: one Float64Array
 * per field (NaN for null), written in a circle. 720 points of 18 fields
 * (5 s for an hour) is about 100 KiB, allocated once.
 */
export class PointRing {
  private readonly times: Float64Array;
  private readonly columns: Float64Array[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.columns = METRIC_FIELDS.map(() => new Float64Array(capacity));
  }

  push(point: MetricPoint): void {
    this.times[this.next] = point.t;
    METRIC_FIELDS.forEach((f, i) => {
      const v = point[f];
      this.columns[i]![this.next] = v === null ? NaN : v;
    });
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** The points with t ≥ `from` (seconds), oldest first. */
  *since(from = -Infinity): Generator<MetricPoint> {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      if (this.times[i]! < from) continue;
      const point = { t: this.times[i]! } as MetricPoint;
      METRIC_FIELDS.forEach((f, j) => {
        const v = this.columns[j]![i]!;
        point[f] = Number.isNaN(v) ? null : v;
      });
      yield point;
    }
  }

  /** The point pushed last (not the first of those that share its time). */
  latest(): MetricPoint | null {
    if (this.size === 0) return null;
    const last = (this.next - 1 + this.capacity) % this.capacity;
    const point = { t: this.times[last]! } as MetricPoint;
    METRIC_FIELDS.forEach((f, j) => {
      const v = this.columns[j]![last]!;
      point[f] = Number.isNaN(v) ? null : v;
    });
    return point;
  }
}
