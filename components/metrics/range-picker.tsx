"use client";

import { METRIC_RANGE_KEYS, METRIC_RANGES, type MetricRange } from "@/lib/metrics";

/** One row of buttons for every chart on the page: 15 min … 1 y. */
export function RangePicker({ value, onChange }: { value: MetricRange; onChange: (range: MetricRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-line">
      {METRIC_RANGE_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          aria-pressed={key === value}
          onClick={() => onChange(key)}
          className={`h-8 border-l border-line px-2.5 text-xs first:border-l-0 ${
            key === value ? "bg-accent font-medium text-accent-ink" : "bg-panel text-muted hover:bg-panel-raised hover:text-ink"
          }`}
        >
          {METRIC_RANGES[key].label}
        </button>
      ))}
    </div>
  );
}
