import { useQuery } from "@tanstack/react-query";
import type { SnapshotListResponse } from "@/lib/snapshot-types";
import { queryKeys } from "@/lib/query-keys";
import { fetchOrNull } from "@/components/containers/container-queries";

/** How often the list is asked again: snapshots made by a schedule or a shell show up within this long. */
const SNAPSHOTS_POLL_MS = 5000;

/** The container's snapshots and what a new one costs; null once the container is gone. */
export function useSnapshots(name: string) {
  return useQuery({
    queryKey: queryKeys.snapshots(name),
    queryFn: () => fetchOrNull<SnapshotListResponse>(`/api/containers/${encodeURIComponent(name)}/snapshots`),
    refetchInterval: SNAPSHOTS_POLL_MS,
  });
}
