import { useQuery } from "@tanstack/react-query";
import type { ContainerDetailResponse, ContainerListResponse } from "@/lib/api-types";
import { queryKeys } from "@/lib/query-keys";

/**
 * How often the views ask again: containers started or destroyed from a shell
 * and addresses handed out by DHCP show up within this long.
 */
export const POLL_MS = 2000;

export async function fetchJson(url: string): Promise<Response> {
  return fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
}

/** The error a non-ok answer carries, in its own words when it has any. */
export async function failure(res: Response): Promise<Error> {
  const body: unknown = await res.json().catch(() => null);
  const error = body && typeof body === "object" && "error" in body ? String(body.error) : null;
  return new Error(error ?? `The dashboard server answered HTTP ${res.status}; try again in a moment.`);
}

export function useContainerList() {
  return useQuery({
    queryKey: queryKeys.containerList(),
    queryFn: async (): Promise<ContainerListResponse> => {
      const res = await fetchJson("/api/containers");
      if (!res.ok) throw await failure(res);
      return (await res.json()) as ContainerListResponse;
    },
    refetchInterval: POLL_MS,
  });
}

/** A container's detail; `null` once the server says it does not exist. */
export function useContainerDetail(name: string) {
  return useQuery({
    queryKey: queryKeys.container(name),
    queryFn: async (): Promise<ContainerDetailResponse | null> => {
      const res = await fetchJson(`/api/containers/${encodeURIComponent(name)}`);
      if (res.status === 404) return null;
      if (!res.ok) throw await failure(res);
      return (await res.json()) as ContainerDetailResponse;
    },
    refetchInterval: POLL_MS,
  });
}
