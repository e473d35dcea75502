import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ForwardsResponse } from "@/lib/forwards";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";

/**
 * Every forward with its state, kept current by the push stream (a container
 * stopping turns its forwards to waiting; the engine says so): no polling.
 */
export function useForwards() {
  return useQuery({
    queryKey: queryKeys.forwards(),
    queryFn: async (): Promise<ForwardsResponse> => {
      const res = await fetchJson("/api/forwards");
      if (!res.ok) throw await failure(res);
      return (await res.json()) as ForwardsResponse;
    },
  });
}

/** After a forward is made or removed: the Ports page and every Services table ask again. */
export function useRefreshForwards(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.forwards() });
}
