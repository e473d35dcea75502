"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { CurrentUserProvider, type CurrentUser } from "@/components/layout/current-user";
import { LiveProvider } from "@/components/live/live-provider";
import { ToastProvider } from "@/components/ui/toast";

// No eval in the browser: the Content-Security-Policy allows none, and zod's
// fast path probes `new Function` (which the browser reports as a violation
// even though zod catches it). Parsing is the same without it, a little slower.
z.config({ jitless: true });

/** Client-side context every page shares: who is signed in, live queries and toasts. */
export function Providers({ user, children }: { user: CurrentUser | null; children: ReactNode }) {
  // One client per browser tab, created once (not per render).
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Live views are kept current by the push stream, not by asking again; one quick retry hides a blip.
          queries: { retry: 1, staleTime: 1000 },
        },
      }),
  );
  return (
    <CurrentUserProvider user={user}>
      <QueryClientProvider client={client}>
        <ToastProvider>{user ? <LiveProvider>{children}</LiveProvider> : children}</ToastProvider>
      </QueryClientProvider>
    </CurrentUserProvider>
  );
}
