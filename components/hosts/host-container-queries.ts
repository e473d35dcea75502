import { useQuery } from "@tanstack/react-query";
import type { ContainerSummary } from "@/lib/container-types";
import type { HostContainerDetail } from "@/lib/hosts";
import { queryKeys } from "@/lib/query-keys";
import { fetchOrNull } from "@/components/containers/container-queries";

export function hostContainerUrl(target: string, name: string, tail = ""): string {
  return `/api/hosts/${encodeURIComponent(target)}/containers/${encodeURIComponent(name)}${tail}`;
}

/** An Incus container's page data; `null` once its host says it does not exist. The push stream keeps its state columns current. */
export function useHostContainer(target: string, name: string) {
  return useQuery({
    queryKey: queryKeys.hostContainer(target, name),
    queryFn: () => fetchOrNull<HostContainerDetail>(hostContainerUrl(target, name)),
    staleTime: Infinity,
  });
}

/**
 * A container's live row wherever it lives (a classic one's detail, or an
 * Incus one's): one query, so a page shared by both (the terminal) calls one hook.
 */
export function useAnyContainer(name: string, target?: string) {
  return useQuery({
    queryKey: target ? queryKeys.hostContainer(target, name) : queryKeys.container(name),
    queryFn: () => fetchOrNull<ContainerSummary>(target ? hostContainerUrl(target, name) : `/api/containers/${encodeURIComponent(name)}`),
    staleTime: Infinity,
  });
}
