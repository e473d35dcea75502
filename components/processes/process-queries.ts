import { useQuery } from "@tanstack/react-query";
import type { ContainerProcessesResponse, HostProcessesResponse } from "@/lib/process-types";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson } from "@/components/containers/container-queries";

/**
 * How often a process view asks again, like top's frame; CPU% is measured over
 * the time between two refreshes. Paused while the browser tab is hidden
 * (react-query skips interval refetches then), so a forgotten tab costs nothing.
 */
export const PROCESS_POLL_MS = 1500;

const polling = { refetchInterval: PROCESS_POLL_MS, refetchIntervalInBackground: false } as const;

/** A container's processes; `null` once the server says the container does not exist. */
export function useContainerProcesses(name: string) {
  return useQuery({
    queryKey: queryKeys.containerProcesses(name),
    queryFn: async (): Promise<ContainerProcessesResponse | null> => {
      const res = await fetchJson(`/api/containers/${encodeURIComponent(name)}/processes`);
      if (res.status === 404) return null;
      if (!res.ok) throw await failure(res);
      return (await res.json()) as ContainerProcessesResponse;
    },
    ...polling,
  });
}

/** The host view: every subordinate range in use (range null), or one range already checked by uidRangeSchema. */
export function useHostProcesses(range: string | null) {
  return useQuery({
    queryKey: queryKeys.hostProcesses(range),
    queryFn: async (): Promise<HostProcessesResponse> => {
      const res = await fetchJson(range === null ? "/api/processes" : `/api/processes?range=${encodeURIComponent(range)}`);
      if (!res.ok) throw await failure(res);
      return (await res.json()) as HostProcessesResponse;
    },
    ...polling,
  });
}
