"use client";

import { useEffect, useLayoutEffect, useRef } from "react";
import type uPlot from "uplot";
import type { MetricUnit } from "@/lib/metrics";
import { formatMetric } from "@/lib/metrics-format";
import { translucent, useChartColors } from "./chart-theme";

const WIDTH = 60;
const HEIGHT = 16;

/**
 * A 60×16 line with no axes (uPlot), for a table cell. Its accessible name
 * says what a sighted person reads off it: the latest value and the peak.
 */
export function Sparkline({ label, unit, t, values, max, color = 0 }: { label: string; unit: MetricUnit; t: number[]; values: (number | null)[]; max?: number | null; color?: 0 | 1 }) {
  const holder = useRef<HTMLSpanElement>(null);
  const plot = useRef<uPlot | null>(null);
  const colors = useChartColors();
  const data = [t, values] as uPlot.AlignedData;
  const dataRef = useRef(data);
  // The latest points for the plot's own callbacks, kept after each render (not during it).
  useLayoutEffect(() => {
    dataRef.current = data;
  });
  const known = values.filter((v): v is number => v !== null);
  const latest = known.at(-1) ?? null;
  const peak = known.length > 0 ? Math.max(...known) : null;
  const top = Math.max(max ?? 0, peak ?? 0, unit === "percent" ? 10 : 1);

  useEffect(() => {
    const el = holder.current;
    if (!el || !colors) return;
    let disposed = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      const stroke = colors.series[color];
      plot.current = new UPlot(
        {
          width: WIDTH,
          height: HEIGHT,
          pxAlign: false,
          cursor: { show: false },
          legend: { show: false },
          select: { show: false, left: 0, top: 0, width: 0, height: 0 },
          scales: { x: { time: false }, y: { range: () => [0, top] } },
          axes: [{ show: false }, { show: false }],
          series: [{}, { stroke, width: 1, fill: translucent(stroke, "40"), points: { show: false } }],
        },
        dataRef.current,
        el,
      );
    });
    return () => {
      disposed = true;
      plot.current?.destroy();
      plot.current = null;
    };
  }, [colors, color, top]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const name = latest === null ? `${label}: no data` : `${label}: now ${formatMetric(latest, unit)}, peak ${formatMetric(peak, unit)} in the last 15 minutes`;
  return <span ref={holder} role="img" aria-label={name} title={name} className="inline-block align-middle" style={{ width: WIDTH, height: HEIGHT }} />;
}
