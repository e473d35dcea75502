"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReadinessSummary } from "@/lib/host-readiness";
import { useCurrentUser } from "@/components/layout/current-user";

import { queryKeys } from "@/lib/query-keys";

const READINESS_KEY = queryKeys.hostReadiness();

async function fetchReadiness(): Promise<ReadinessSummary> {
  const res = await fetch("/host/status", { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`The dashboard server answered HTTP ${res.status}.`);
  return (await res.json()) as ReadinessSummary;
}

/**
 * Whether the host is ready, for the top bar's dot and the every-page banner
 * (once someone is signed in): asked once, then pushed by the live stream
 * whenever the server's minute-by-minute check sees it change.
 */
export function useHostReadiness() {
  const signedIn = useCurrentUser() !== null;
  return useQuery({ queryKey: READINESS_KEY, queryFn: fetchReadiness, staleTime: Infinity, retry: false, enabled: signedIn });
}

/** After a fix or a re-check on /host: the dot and the banner ask again at once. */
export function useRefreshHostReadiness(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: READINESS_KEY });
}
