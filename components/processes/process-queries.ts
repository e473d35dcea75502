import { useQuery } from "@tanstack/react-query";
import type { ContainerProcessesResponse, HostContainerProcessesResponse, HostProcessesResponse } from "@/lib/process-types";
import { containerKey } from "@/lib/hosts";
import { queryKeys } from "@/lib/query-keys";
import { failure, fetchJson, fetchOrNull } from "@/components/containers/container-queries";

/**
 * How often a process view asks again, like top's frame; CPU% is measured over
 * the time between two refreshes. Paused while the browser tab is hidden
 * (react-query skips interval refetches then), so a forgotten tab costs nothing.
 */
export const PROCESS_POLL_MS = 1500;

const polling = { refetchInterval: PROCESS_POLL_MS, refetchIntervalInBackground: false } as const;

/** A container's processes (an Incus one's when `target` is given); `null` once the server says the container does not exist. */
export function useContainerProcesses(name: string, target?: string) {
  const url = target
    ? `/api/hosts/${encodeURIComponent(target)}/containers/${encodeURIComponent(name)}/processes`
    : `/api/containers/${encodeURIComponent(name)}/processes`;
  return useQuery({
    queryKey: queryKeys.containerProcesses(containerKey({ name, target })),
    queryFn: () => fetchOrNull<ContainerProcessesResponse | HostContainerProcessesResponse>(url),
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
