"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReadinessSummary } from "@/lib/host-readiness";
import { useCurrentUser } from "@/components/layout/current-user";

const READINESS_KEY = ["host-readiness"] as const;
/** The server caches its checks for 15 s; asking more often only returns the same answer. */
const POLL_MS = 30_000;

async function fetchReadiness(): Promise<ReadinessSummary> {
  const res = await fetch("/host/status", { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`The dashboard server answered HTTP ${res.status}.`);
  return (await res.json()) as ReadinessSummary;
}

/** Whether the host is ready, polled for the top bar's dot and the every-page banner (once someone is signed in). */
export function useHostReadiness() {
  const signedIn = useCurrentUser() !== null;
  return useQuery({ queryKey: READINESS_KEY, queryFn: fetchReadiness, refetchInterval: POLL_MS, retry: false, enabled: signedIn });
}

/** After a fix or a re-check on /host: the dot and the banner ask again at once. */
export function useRefreshHostReadiness(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: READINESS_KEY });
}
