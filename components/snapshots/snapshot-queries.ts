import { useQuery } from "@tanstack/react-query";
import type { SnapshotListResponse } from "@/lib/snapshot-types";
import { queryKeys } from "@/lib/query-keys";
import { fetchOrNull } from "@/components/containers/container-queries";

/**
 * The container's snapshots and what a new one costs; null once the container
 * is gone. Asked again when the push stream says they changed (the lxcpath
 * watch sees a snapshot made by a click, a schedule or a shell): no polling.
 */
export function useSnapshots(name: string) {
  return useQuery({
    queryKey: queryKeys.snapshots(name),
    queryFn: () => fetchOrNull<SnapshotListResponse>(`/api/containers/${encodeURIComponent(name)}/snapshots`),
  });
}
