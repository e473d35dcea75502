import { useQuery } from "@tanstack/react-query";
import type { BackupListResponse } from "@/lib/backup-types";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";

/**
 * The backups in the directory; `container` narrows them to one container's.
 * Asked again when the push stream says the directory changed: no polling.
 */
export function useBackups(container: string | null) {
  return useQuery({
    queryKey: queryKeys.backups(container),
    queryFn: async (): Promise<BackupListResponse> => {
      const res = await fetchJson(`/api/backups${container ? `?container=${encodeURIComponent(container)}` : ""}`);
      if (!res.ok) throw await failure(res);
      return (await res.json()) as BackupListResponse;
    },
  });
}
