"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { CurrentUserProvider, type CurrentUser } from "@/components/layout/current-user";
import { ToastProvider } from "@/components/ui/toast";

/** Client-side context every page shares: who is signed in, live queries and toasts. */
export function Providers({ user, children }: { user: CurrentUser | null; children: ReactNode }) {
  // One client per browser tab, created once (not per render).
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Polled views retry on their next tick; one quick retry hides a blip.
          queries: { retry: 1, staleTime: 1000 },
        },
      }),
  );
  return (
    <CurrentUserProvider user={user}>
      <QueryClientProvider client={client}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </CurrentUserProvider>
  );
}
