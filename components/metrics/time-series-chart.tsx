"use client";

import { useEffect, useId, useLayoutEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MetricUnit } from "@/lib/metrics";
import { formatChartTime, formatMetric } from "@/lib/metrics-format";
import { translucent, useChartColors } from "./chart-theme";

export interface ChartLine {
  label: string;
  values: (number | null)[];
  /** 0–2: the theme's chart colours; "limit": a dashed line (a memory limit). */
  color: 0 | 1 | 2 | "limit";
}

const HEIGHT = 160;

/** The least the y axis shows, so a near-idle series is drawn as near-idle, not as noise scaled up. */
const MIN_TOP: Record<MetricUnit, number> = { percent: 1, bytes: 1024 * 1024, bytesPerSecond: 1024, perSecond: 1, count: 1, load: 1 };

/** While the pointer is elsewhere, the legend reads out the newest values. */
function showLatest(u: uPlot): void {
  const idx = latestIndex(u.data);
  if (idx !== null && (u.cursor.left ?? -1) < 0) u.setLegend({ idx });
}

/** The index of the newest bucket with a value on any line: what the legend shows while nobody points. */
function latestIndex(data: uPlot.AlignedData): number | null {
  for (let i = data[0].length - 1; i >= 0; i--) if (data.slice(1).some((line) => line[i] !== null && line[i] !== undefined)) return i;
  return null;
}

/**
 * A time-series chart drawn by uPlot on a canvas: one y axis in `unit`, a
 * live legend that reads out the time and each line's value under the
 * pointer, a crosshair shared by every chart with the same `syncKey`, colours
 * from the theme. The canvas is hidden from screen readers; `summary` says
 * what it shows instead.
 */
export function TimeSeriesChart({
  title,
  unit,
  t,
  lines,
  summary,
  syncKey,
  yMax,
}: {
  title: string;
  unit: MetricUnit;
  t: number[];
  lines: ChartLine[];
  summary: string;
  syncKey: string;
  /** The y axis reaches at least this far (100 for a percentage). */
  yMax?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const colors = useChartColors();
  const titleId = useId();
  const data = [t, ...lines.map((l) => l.values)] as uPlot.AlignedData;
  const dataRef = useRef(data);
  // The latest points for the plot's own callbacks, kept after each render (not during it).
  useLayoutEffect(() => {
    dataRef.current = data;
  });
  const shape = lines.map((l) => `${l.label}:${l.color}`).join("|");
  const withDate = t.length > 1 && t.at(-1)! - t[0]! > 86_400;

  // Made again when the theme, the lines or the unit change; new points only call setData.
  useEffect(() => {
    const el = holder.current;
    if (!el || !colors) return;
    let disposed = false;
    let resize: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      const axis = { stroke: colors.muted, grid: { stroke: colors.line, width: 1 }, ticks: { stroke: colors.line, width: 1 }, font: "11px system-ui, sans-serif" };
      const opts: uPlot.Options = {
        width: el.clientWidth || 300,
        height: HEIGHT,
        cursor: { sync: { key: syncKey }, drag: { x: false, y: false } },
        legend: { live: true },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max((max ?? 0) * 1.1, yMax ?? 0, MIN_TOP[unit])] } },
        axes: [
          { ...axis, values: (_u, splits) => splits.map((s) => formatChartTime(s, withDate)) },
          { ...axis, size: 72, values: (_u, splits) => splits.map((s) => formatMetric(s, unit)) },
        ],
        series: [
          { label: "Time", value: (_u, v) => (v === null ? "–" : formatChartTime(v, true)) },
          ...lines.map((line) => {
            const stroke = line.color === "limit" ? colors.limit : colors.series[line.color];
            return {
              label: line.label,
              stroke,
              width: 1.5,
              dash: line.color === "limit" ? [5, 4] : undefined,
              fill: line.color === "limit" || lines.length > 2 ? undefined : translucent(stroke),
              spanGaps: false,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => formatMetric(v, unit),
            };
          }),
        ],
      };
      plot.current = new UPlot(opts, dataRef.current, el);
      showLatest(plot.current);
      resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: HEIGHT }));
      resize.observe(el);
    });
    return () => {
      disposed = true;
      resize?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- made again only when what it draws changes shape
  }, [colors, shape, unit, syncKey, withDate, yMax]);

  useEffect(() => {
    if (!plot.current) return;
    plot.current.setData(data);
    showLatest(plot.current);
  });

  return (
    <figure aria-labelledby={titleId} className="min-w-0 rounded-md border border-line bg-panel p-3">
      <figcaption id={titleId} className="mb-1 text-sm font-medium">
        {title}
      </figcaption>
      <p className="sr-only">{summary}</p>
      <div ref={holder} aria-hidden="true" className="metrics-chart text-xs text-muted" style={{ minHeight: HEIGHT + 28 }} />
    </figure>
  );
}
