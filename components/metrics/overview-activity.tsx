"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { OUTSIDE_THE_DASHBOARD, type ActivityItem, type ActivityResponse } from "@/lib/activity-types";
import { formatTimestamp } from "@/lib/format-units";
import { OVERVIEW_ACTIVITY_ROWS } from "@/lib/metrics";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const LEVEL_TONE: Record<ActivityItem["level"], BadgeTone> = { info: "grey", warning: "amber", error: "red" };

/**
 * The Overview's latest activity: the Activity page's feed (state changes,
 * by the dashboard or outside it, merged in time with the audit rows),
 * newest first; a new row arrives by the push stream ("activity" events
 * refresh every activity query).
 */
export function OverviewActivity({ initial }: { initial: ActivityItem[] }) {
  const query = useQuery({
    queryKey: queryKeys.activityLatest(OVERVIEW_ACTIVITY_ROWS),
    queryFn: async () => {
      const res = await fetchJson(`/api/activity?take=${OVERVIEW_ACTIVITY_ROWS}`);
      if (!res.ok) throw await failure(res);
      return ((await res.json()) as ActivityResponse).items;
    },
    initialData: initial,
    staleTime: Infinity,
  });
  const items = query.data;
  return (
    <section aria-labelledby="latest-activity" className="flex flex-col gap-2">
      <div className="flex items-baseline justify-between">
        <h2 id="latest-activity" className="text-base font-semibold">
          Latest activity
        </h2>
        <Link href="/activity" className="text-sm text-accent hover:underline">
          All activity
        </Link>
      </div>
      {query.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The activity could not be loaded: {query.error.message}
        </p>
      )}
      <ul aria-label="Latest activity" className="divide-y divide-line rounded-md border border-line bg-panel">
        {items.map((item) => (
          <li key={item.key} data-source={item.source} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
            <time dateTime={item.at} title={item.at} className="font-mono text-xs text-muted">
              {formatTimestamp(item.at)}
            </time>
            {item.container && (
              <Link href={`/containers/${encodeURIComponent(item.container)}`} className="font-mono text-xs hover:underline">
                {item.container}
              </Link>
            )}
            {item.level === "info" ? <span>{item.what}</span> : <Badge tone={LEVEL_TONE[item.level]}>{item.what}</Badge>}
            <span className="text-muted">{item.actor ?? OUTSIDE_THE_DASHBOARD}</span>
          </li>
        ))}
        {items.length === 0 && <li className="px-3 py-2 text-sm text-muted">Nothing has happened yet.</li>}
      </ul>
    </section>
  );
}
