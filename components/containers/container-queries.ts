import { useQuery, useQueryClient } from "@tanstack/react-query";
import { newerServices } from "@/components/live/live-cache";
import type { ContainerDetailResponse, ContainerListResponse } from "@/lib/api-types";
import { queryKeys } from "@/lib/query-keys";

export async function fetchJson(url: string): Promise<Response> {
  return fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
}

/** The error a non-ok answer carries, in its own words when it has any. */
export async function failure(res: Response): Promise<Error> {
  const body: unknown = await res.json().catch(() => null);
  const error = body && typeof body === "object" && "error" in body ? String(body.error) : null;
  return new Error(error ?? `The dashboard server answered HTTP ${res.status}; try again in a moment.`);
}

/** GET `url` as JSON; `null` when the server answers 404 (the container does not exist). */
export async function fetchOrNull<T>(url: string): Promise<T | null> {
  const res = await fetchJson(url);
  if (res.status === 404) return null;
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Every container; the push stream keeps it current (components/live/live-cache.ts). */
export function useContainerList() {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.containerList(),
    queryFn: async (): Promise<ContainerListResponse> => {
      const res = await fetchJson("/api/containers");
      if (!res.ok) throw await failure(res);
      const list = (await res.json()) as ContainerListResponse;
      // A services push that came in while this answer travelled is newer than its map.
      const pushed = client.getQueryData<ContainerListResponse>(queryKeys.containerList());
      return { ...list, ...newerServices(pushed, list.services, list.servicesVersion) };
    },
    // The push stream keeps it current (components/live); asked again only on a new mount.
    staleTime: Infinity,
  });
}

/** A container's detail; `null` once the server says it does not exist. Its state columns change with the push stream. */
export function useContainerDetail(name: string) {
  return useQuery({
    queryKey: queryKeys.container(name),
    queryFn: () => fetchOrNull<ContainerDetailResponse>(`/api/containers/${encodeURIComponent(name)}`),
    staleTime: Infinity,
  });
}
