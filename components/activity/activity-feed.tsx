"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { OUTSIDE_THE_DASHBOARD, type ActivityItem, type ActivityResponse } from "@/lib/activity-types";
import { formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, failure } from "@/components/containers/container-queries";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SkeletonRows, Table, TableMessageRow, Td, Th } from "@/components/ui/table";

const LEVEL_TONE: Record<ActivityItem["level"], BadgeTone> = { info: "grey", warning: "amber", error: "red" };

async function fetchPage(container: string | null, before: string | null): Promise<ActivityResponse> {
  const params = new URLSearchParams();
  if (container) params.set("container", container);
  if (before) params.set("before", before);
  const res = await fetchJson(`/api/activity?${params}`);
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ActivityResponse;
}

/**
 * State changes (by the dashboard or outside it) merged in time with the
 * audit rows, newest first; a new row arrives by the push stream. With
 * `container`, that container's only (its Activity tab).
 */
export function ActivityFeed({ container }: { container: string | null }) {
  const query = useInfiniteQuery({
    queryKey: queryKeys.activityOf(container),
    queryFn: ({ pageParam }) => fetchPage(container, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: Infinity,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = container ? 4 : 5;
  return (
    <div className="flex flex-col gap-2">
      {query.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The activity could not be loaded: {query.error.message}
        </p>
      )}
      <Table label={container ? `Activity of ${container}` : "Activity"}>
        <thead>
          <tr>
            <Th>Time</Th>
            {!container && <Th>Container</Th>}
            <Th>What</Th>
            <Th>Who</Th>
            <Th>Command</Th>
          </tr>
        </thead>
        <tbody>
          {query.isPending && <SkeletonRows rows={3} columns={columns} />}
          {!query.isPending && items.length === 0 && (
            <TableMessageRow columns={columns}>Nothing has happened{container ? " to this container" : ""} yet.</TableMessageRow>
          )}
          {items.map((item) => (
            <tr key={item.key} className="align-top" data-source={item.source}>
              <Td className="font-mono text-xs whitespace-nowrap">
                <time dateTime={item.at} title={item.at}>
                  {formatTimestamp(item.at)}
                </time>
              </Td>
              {!container && (
                <Td className="font-mono text-xs whitespace-nowrap">
                  {item.container ? (
                    <Link href={`/containers/${encodeURIComponent(item.container)}`} className="text-accent hover:underline">
                      {item.container}
                    </Link>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </Td>
              )}
              <Td className="whitespace-nowrap">
                {item.level === "info" ? item.what : <Badge tone={LEVEL_TONE[item.level]}>{item.what}</Badge>}
              </Td>
              <Td className="whitespace-nowrap">{item.actor ?? <span className="text-muted">{OUTSIDE_THE_DASHBOARD}</span>}</Td>
              <Td className="min-w-56 font-mono text-xs wrap-anywhere">{item.command ?? <span className="text-muted">—</span>}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {query.hasNextPage && (
        <Button className="self-start" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Older entries"}
        </Button>
      )}
    </div>
  );
}
