import { useQuery } from "@tanstack/react-query";
import type { ContainerServicesResponse } from "@/lib/services";
import { queryKeys } from "@/lib/query-keys";
import { fetchOrNull } from "@/components/containers/container-queries";

/**
 * A container's services; `null` once the server says it does not exist.
 * Asked again when the push stream brings services found anew or a forward
 * changed (components/live/live-cache.ts): no polling.
 */
export function useContainerServices(name: string) {
  return useQuery({
    queryKey: queryKeys.containerServices(name),
    queryFn: () => fetchOrNull<ContainerServicesResponse>(`/api/containers/${encodeURIComponent(name)}/services`),
  });
}
