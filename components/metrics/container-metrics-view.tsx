"use client";

import { useState } from "react";
import { METRIC_RANGES, type MetricRange } from "@/lib/metrics";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ExportLinks } from "./export-links";
import { useMetricSeries } from "./metrics-queries";
import { RangePicker } from "./range-picker";
import { SeriesCharts, type ChartSpec } from "./series-charts";

function containerCharts(range: MetricRange): ChartSpec[] {
  const rolled = METRIC_RANGES[range].step >= 60;
  return [
    {
      title: "CPU (% of one core)",
      lines: [{ field: "cpu", label: "CPU", color: 0 }, ...(rolled ? [{ field: "cpu" as const, label: "peak", color: 1 as const, peak: true }] : [])],
    },
    {
      title: "Memory",
      lines: [
        { field: "mem", label: "in use", color: 0 },
        { field: "memLimit", label: "limit", color: "limit" },
      ],
    },
    {
      title: "Network",
      lines: [
        { field: "netRx", label: "received", color: 0 },
        { field: "netTx", label: "sent", color: 1 },
      ],
    },
    {
      title: "Disk",
      lines: [
        { field: "diskRead", label: "read", color: 0 },
        { field: "diskWrite", label: "write", color: 1 },
      ],
    },
  ];
}

const interfaceChart = (iface: string): ChartSpec[] => [
  {
    title: `Network: ${iface}`,
    lines: [
      { field: "netRx", label: "received", color: 0 },
      { field: "netTx", label: "sent", color: 1 },
    ],
  },
];

/** One interface's traffic (a container with several: the Network chart above is their sum). */
function InterfaceChart({ name, iface, range }: { name: string; iface: string; range: MetricRange }) {
  const { data, error } = useMetricSeries(name, range, iface);
  if (error && !data) return <p className="text-sm text-red-700 dark:text-red-300">{`${iface}: ${error.message}`}</p>;
  if (!data) return <Skeleton className="h-[230px] w-full" />;
  return <SeriesCharts series={data} specs={interfaceChart(iface)} range={range} syncKey={`container-${name}`} oneColumn />;
}

/** The container's Metrics tab: its usage over a range, live for the short ones. */
export function ContainerMetricsView({ name }: { name: string }) {
  const [range, setRange] = useState<MetricRange>("1h");
  const { data, error, isPending } = useMetricSeries(name, range);
  return (
    <div className="flex flex-col gap-4">
      <ContainerPageHeader name={name} current="Metrics" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker value={range} onChange={setRange} />
        <ExportLinks container={name} range={range} />
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {data ? `The last refresh failed (${error.message}); showing the charts as they were.` : `The usage history could not be loaded: ${error.message}`}
        </p>
      )}
      {isPending ? (
        <div className="grid gap-3 lg:grid-cols-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-[230px] w-full" />
          ))}
        </div>
      ) : (
        data && <SeriesCharts series={data} specs={containerCharts(range)} range={range} syncKey={`container-${name}`} />
      )}
      {data && data.interfaces.length > 1 && (
        <section aria-labelledby="by-interface" className="flex flex-col gap-2">
          <h2 id="by-interface" className="text-base font-semibold">
            Network by interface
          </h2>
          <div className="grid gap-3 lg:grid-cols-2">
            {data.interfaces.map((iface) => (
              <InterfaceChart key={iface} name={name} iface={iface} range={range} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
