import { EXPORT_COLUMN, PEAK_FIELDS, type MetricField, type MetricSeriesResponse } from "@/lib/metrics";

/** A number for a CSV cell: empty for none, at most 3 decimals. */
const cell = (v: number | null | undefined): string => (v === null || v === undefined ? "" : String(Math.round(v * 1000) / 1000));

/**
 * A series as CSV: one row per bucket, time in ISO 8601 (UTC) and seconds,
 * each field's average, then the peaks of the fields that keep one ("_max").
 * An empty cell is a bucket without data (the container was not running,
 * or the value was unavailable).
 */
export function seriesCsv(series: MetricSeriesResponse): string {
  const fields = Object.keys(series.values) as MetricField[];
  const peaks = fields.filter((f) => PEAK_FIELDS.includes(f) && series.peaks[f]);
  const header = ["time", "unix_seconds", ...fields.map((f) => EXPORT_COLUMN[f]), ...peaks.map((f) => `${EXPORT_COLUMN[f]}_max`)];
  const lines = [header.join(",")];
  series.t.forEach((t, i) => {
    lines.push(
      [new Date(t * 1000).toISOString(), String(t), ...fields.map((f) => cell(series.values[f]![i])), ...peaks.map((f) => cell(series.peaks[f]![i]))].join(","),
    );
  });
  return lines.join("\n") + "\n";
}

/** A download's file name: lxc-metrics-web-20261130T1200Z-1h.csv (lxc-metrics-web-eth0-…: one interface's) */
export function exportFileName(series: MetricSeriesResponse, format: "csv" | "json"): string {
  const stamp = new Date(series.from * 1000).toISOString().replace(/[-:]/g, "").slice(0, 13) + "Z";
  const span = series.to - series.from + series.step;
  const length = span % 86_400 === 0 ? `${span / 86_400}d` : span % 3600 === 0 ? `${span / 3600}h` : `${Math.round(span / 60)}m`;
  const iface = series.interface === null ? "" : `-${series.interface.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
  return `lxc-metrics-${series.container ?? "host"}${iface}-${stamp}-${length}.${format}`;
}
