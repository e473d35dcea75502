import { useQuery } from "@tanstack/react-query";
import type { HostSummary } from "@/lib/hosts";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";

/** Every host with its health; the push stream's "hosts" events ask again (components/live). */
export function useHosts() {
  return useQuery({
    queryKey: queryKeys.hosts(),
    queryFn: async (): Promise<HostSummary[]> => {
      const res = await fetchJson("/api/hosts");
      if (!res.ok) throw await failure(res);
      return (await res.json()) as HostSummary[];
    },
    // Health changes arrive as pushed events; a slow look besides, for the members' state.
    refetchInterval: 60_000,
  });
}
