"use client";

import { useQuery } from "@tanstack/react-query";
import type { LiveWatcherStatus } from "@/lib/live-events";
import { formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { Banner } from "@/components/ui/banner";

/**
 * How the dashboard keeps its container state current, pushed live: quiet
 * while lxc-monitor runs, a warning while it is down (changes then show at
 * the next reconciliation, within 30 s).
 */
export function LiveWatchStatus({ initial }: { initial: LiveWatcherStatus }) {
  const { data } = useQuery({
    queryKey: queryKeys.liveWatcher(),
    queryFn: () => initial,
    initialData: initial,
    staleTime: Infinity,
  });
  const reconciled = data.reconciledAt ? `last checked with lxc-ls at ${formatTimestamp(data.reconciledAt)}` : "not yet checked with lxc-ls";
  if (data.monitorUp) {
    return (
      <p className="text-sm text-muted">
        Live state: <code className="font-mono text-xs text-ink">lxc-monitor -P {data.lxcpath}</code> is running; {reconciled}
        {data.monitorRestarts > 0 && `; restarted ${data.monitorRestarts} time${data.monitorRestarts === 1 ? "" : "s"}`}.
      </p>
    );
  }
  return (
    <Banner title="Live state: lxc-monitor is not running.">
      <p>
        {data.monitorProblem ?? "It stopped."} Until it is back, changes made outside the dashboard show within 30 s
        (the next check with lxc-ls); {reconciled}.
      </p>
    </Banner>
  );
}
