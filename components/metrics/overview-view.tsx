"use client";

import { useState } from "react";
import type { ActivityItem } from "@/lib/activity-types";
import type { MetricRange, MetricSeriesResponse } from "@/lib/metrics";
import { formatMetric } from "@/lib/metrics-format";
import { useContainerList } from "@/components/containers/container-queries";
import { Skeleton } from "@/components/ui/skeleton";
import { ExportLinks } from "./export-links";
import { OverviewActivity } from "./overview-activity";
import { useMetricSeries, useMetricsOverview } from "./metrics-queries";
import { RangePicker } from "./range-picker";
import { SeriesCharts, type ChartSpec } from "./series-charts";
import { TopContainers } from "./top-containers";

const HOST_CHARTS: ChartSpec[] = [
  { title: "CPU (% of all cores)", lines: [{ field: "cpu", label: "CPU", color: 0 }] },
  {
    title: "Memory",
    lines: [
      { field: "mem", label: "in use", color: 0 },
      { field: "memLimit", label: "total", color: "limit" },
    ],
  },
  {
    title: "Disk under the lxcpath",
    lines: [
      { field: "diskFree", label: "free", color: 2 },
      { field: "diskTotal", label: "size", color: "limit" },
    ],
  },
  { title: "Load average (1 min)", lines: [{ field: "load1", label: "load", color: 1 }] },
];

function latest(series: MetricSeriesResponse | undefined, field: "cpu" | "mem" | "memLimit" | "load1" | "diskFree" | "diskTotal"): number | null {
  return series?.values[field]?.findLast((v) => v !== null) ?? null;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-line bg-panel px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-mono text-base">{value}</dd>
    </div>
  );
}

const STATES = ["RUNNING", "STOPPED", "FROZEN"] as const;

/** The Overview page: the host's figures and graphs, top containers, counts by state, the latest activity. */
export function OverviewView({ activity }: { activity: ActivityItem[] }) {
  const [range, setRange] = useState<MetricRange>("1h");
  const host = useMetricSeries(null, range);
  const overview = useMetricsOverview();
  const list = useContainerList();
  const h = host.data;
  const counts = new Map<string, number>();
  for (const c of list.data?.containers ?? []) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">Overview</h1>
        <p className="text-sm text-muted">This host and its containers, sampled every {overview.data?.intervalSeconds || 5} s.</p>
      </div>

      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <Figure label="CPU (all cores)" value={formatMetric(latest(h, "cpu"), "percent")} />
        <Figure label="Memory in use" value={`${formatMetric(latest(h, "mem"), "bytes")} of ${formatMetric(latest(h, "memLimit"), "bytes")}`} />
        <Figure label="Load (1 min)" value={formatMetric(latest(h, "load1"), "load")} />
        <Figure label="Disk free (lxcpath)" value={formatMetric(latest(h, "diskFree"), "bytes")} />
        {STATES.map((s) => (
          <Figure key={s} label={`${s.toLowerCase()} containers`} value={list.data ? String(counts.get(s) ?? 0) : "…"} />
        ))}
      </dl>

      <section aria-labelledby="host-graphs" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="host-graphs" className="text-base font-semibold">
            Host
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <RangePicker value={range} onChange={setRange} />
            <ExportLinks container={null} range={range} />
          </div>
        </div>
        {host.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            The host&apos;s history could not be loaded: {host.error.message}
          </p>
        )}
        {h ? (
          <SeriesCharts series={h} specs={HOST_CHARTS} range={range} syncKey="host" />
        ) : (
          <div className="grid gap-3 lg:grid-cols-2">
            {HOST_CHARTS.map((c) => (
              <Skeleton key={c.title} className="h-[230px] w-full" />
            ))}
          </div>
        )}
      </section>

      {overview.data ? <TopContainers now={overview.data.now} day={overview.data.day} /> : <Skeleton className="h-40 w-full" />}

      <OverviewActivity initial={activity} />
    </div>
  );
}
