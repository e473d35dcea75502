"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MetricRange, MetricSeriesResponse, OverviewResponse, SparklinesResponse } from "@/lib/metrics";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";
import { useLiveConnectionState } from "@/components/live/live-provider";

/**
 * The push stream's "metrics" event carries every round's newest values into
 * the sparklines and the Overview, and refreshes the short ranges
 * (components/live); these intervals are the fallback while the stream is
 * down, and the pace of the long ranges, whose newest bucket changes no faster.
 */
export const REFRESH_MS: Record<MetricRange, number> = { "15m": 30_000, "1h": 30_000, "24h": 60_000, "7d": 60_000, "30d": 60_000, "1y": 60_000 };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetchJson(url);
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** A container's series (null: the host's), or one of its interfaces', over a picker range; the previous range stays on screen while the next loads. */
export function useMetricSeries(container: string | null, range: MetricRange, iface: string | null = null) {
  const url =
    container === null
      ? `/api/metrics/host?range=${range}`
      : `/api/metrics/containers/${encodeURIComponent(container)}?range=${range}${iface === null ? "" : `&interface=${encodeURIComponent(iface)}`}`;
  return useQuery({
    queryKey: queryKeys.metricsSeries(container, range, iface),
    queryFn: () => getJson<MetricSeriesResponse>(url),
    refetchInterval: REFRESH_MS[range],
    placeholderData: keepPreviousData,
  });
}

/** While the push stream is open, sparklines come with it (asked for once); while it is down, every 30 s. */
export function useSparklines() {
  const live = useLiveConnectionState() === "open";
  return useQuery({
    queryKey: queryKeys.metricsSparklines(),
    queryFn: () => getJson<SparklinesResponse>("/api/metrics/sparklines"),
    refetchInterval: live ? false : 30_000,
    staleTime: live ? Infinity : 0,
  });
}

/** The Overview's "now" comes with the push stream; its 24 h averages change slowly: asked for every minute (every 30 s while the stream is down). */
export function useMetricsOverview() {
  const live = useLiveConnectionState() === "open";
  return useQuery({ queryKey: queryKeys.metricsOverview(), queryFn: () => getJson<OverviewResponse>("/api/metrics/overview"), refetchInterval: live ? 60_000 : 30_000 });
}
