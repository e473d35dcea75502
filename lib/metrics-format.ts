import { formatBytes } from "./format-units";
import type { MetricUnit } from "./metrics";

/** A value with its unit, for axes, the hover readout and the list: "42 %", "61.3 MiB", "1.2 MiB/s", "12 /s". */
export function formatMetric(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "percent":
      return `${value >= 10 || value === 0 ? Math.round(value) : value.toFixed(1)} %`;
    case "bytes":
      return formatBytes(value);
    case "bytesPerSecond":
      return `${formatBytes(value)}/s`;
    case "perSecond":
      return `${value >= 10 ? Math.round(value) : value.toFixed(1)} /s`;
    case "load":
      return value.toFixed(2);
    case "count":
      return String(Math.round(value));
  }
}

/** "14:05" for ranges within a day, "Nov 30 14:05" beyond. */
export function formatChartTime(seconds: number, withDate: boolean): string {
  const d = new Date(seconds * 1000);
  const time = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  return withDate ? `${d.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${time}` : time;
}

/**
 * One sentence a screen reader says instead of the chart: the average, the
 * peak and when, and the latest value.
 */
export function summarizeSeries(label: string, t: readonly number[], values: readonly (number | null)[], unit: MetricUnit, rangeLabel: string): string {
  let sum = 0;
  let count = 0;
  let peak = -Infinity;
  let peakAt = 0;
  let latest: number | null = null;
  values.forEach((v, i) => {
    if (v === null) return;
    sum += v;
    count++;
    latest = v;
    if (v > peak) [peak, peakAt] = [v, t[i]!];
  });
  if (count === 0) return `${label}, ${rangeLabel}: no data.`;
  const withDate = t.length > 1 && t.at(-1)! - t[0]! > 86_400;
  return `${label}, ${rangeLabel}: average ${formatMetric(sum / count, unit)}, peak ${formatMetric(peak, unit)} at ${formatChartTime(peakAt, withDate)}, latest ${formatMetric(latest, unit)}.`;
}
