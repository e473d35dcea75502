"use client";

import { FIELD_INFO, METRIC_RANGES, type MetricField, type MetricRange, type MetricSeriesResponse } from "@/lib/metrics";
import { summarizeSeries } from "@/lib/metrics-format";
import { TimeSeriesChart, type ChartLine } from "./time-series-chart";

/** A chart of the grid: its lines (fields) and unit. */
export interface ChartSpec {
  title: string;
  lines: Array<{ field: MetricField; label: string; color: ChartLine["color"]; peak?: boolean }>;
  yMax?: number;
}

/** The fields' reasons, once each, for a note under the chart. */
function unavailableNote(series: MetricSeriesResponse, spec: ChartSpec): string | null {
  const reasons = [...new Set(spec.lines.flatMap((l) => (series.unavailable[l.field] ? [series.unavailable[l.field]!] : [])))];
  return reasons.length > 0 ? `Unavailable, because ${reasons.join("; ")}.` : null;
}

/** A grid of charts over one series (two columns on a wide screen, or `oneColumn`), one crosshair for all of them. */
export function SeriesCharts({
  series,
  specs,
  range,
  syncKey,
  oneColumn = false,
}: {
  series: MetricSeriesResponse;
  specs: ChartSpec[];
  range: MetricRange;
  syncKey: string;
  oneColumn?: boolean;
}) {
  const rangeLabel = `last ${METRIC_RANGES[range].label}`;
  return (
    <div className={oneColumn ? "grid gap-3" : "grid gap-3 lg:grid-cols-2"}>
      {specs.map((spec) => {
        const unit = FIELD_INFO[spec.lines[0]!.field].unit;
        const lines: ChartLine[] = spec.lines.map((l) => ({
          label: l.label,
          color: l.color,
          values: (l.peak ? series.peaks[l.field] : series.values[l.field]) ?? [],
        }));
        const summary = spec.lines
          .filter((l) => !l.peak)
          .map((l) => summarizeSeries(`${spec.title}: ${l.label}`, series.t, series.values[l.field] ?? [], unit, rangeLabel))
          .join(" ");
        const note = unavailableNote(series, spec);
        return (
          <div key={spec.title} className="flex min-w-0 flex-col gap-1">
            <TimeSeriesChart title={spec.title} unit={unit} t={series.t} lines={lines} summary={summary} syncKey={syncKey} yMax={spec.yMax} />
            {note && <p className="text-xs text-muted">{note}</p>}
          </div>
        );
      })}
    </div>
  );
}
