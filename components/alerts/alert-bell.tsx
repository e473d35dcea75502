"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { markAlertsReadAction } from "@/app/alerts/actions";
import type { AlertView } from "@/lib/alert-types";
import { formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, failure } from "@/components/containers/container-queries";
import { useCanAct } from "@/components/layout/current-user";

async function fetchAlerts(): Promise<{ alerts: AlertView[]; unread: number }> {
  const res = await fetchJson("/api/alerts");
  if (!res.ok) throw await failure(res);
  return (await res.json()) as { alerts: AlertView[]; unread: number };
}

/**
 * The bell in the top bar: how many alerts this user has not seen, and the
 * latest ones (what, which container, when) when opened. Opening it marks
 * them read. A new alert arrives by the push stream.
 */
export function AlertBell() {
  const client = useQueryClient();
  const canAct = useCanAct();
  const { data } = useQuery({ queryKey: queryKeys.alerts(), queryFn: fetchAlerts, staleTime: Infinity });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const unread = data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("pointerdown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("pointerdown", close);
    };
  }, [open]);

  async function toggle() {
    const next = !open;
    setOpen(next);
    if (next && unread > 0) {
      await markAlertsReadAction().catch(() => null);
      void client.invalidateQueries({ queryKey: queryKeys.alerts() });
    }
  }

  const label = unread > 0 ? `Alerts: ${unread} unread` : "Alerts";
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        onClick={() => void toggle()}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        title={label}
        className="relative inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-panel-raised hover:text-ink"
      >
        <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M4 11V7a4 4 0 1 1 8 0v4l1 1.5H3L4 11ZM6.5 14a1.5 1.5 0 0 0 3 0" />
        </svg>
        {unread > 0 && (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center font-mono text-[10px] leading-4 font-semibold text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Latest alerts"
          className="absolute right-0 z-50 mt-1 w-80 max-w-[calc(100vw-1rem)] rounded-md border border-line bg-panel shadow-lg"
        >
          <ul className="max-h-96 overflow-auto">
            {(data?.alerts ?? []).length === 0 && <li className="px-3 py-4 text-sm text-muted">No alerts yet.</li>}
            {data?.alerts.map((a) => (
              <li key={a.id} className="border-b border-line px-3 py-2 last:border-b-0">
                <p className={`text-sm ${a.read ? "" : "font-semibold"}`}>
                  <span className={`mr-1.5 inline-block size-2 rounded-full ${a.level === "error" ? "bg-red-500" : "bg-amber-500"}`} aria-hidden="true" />
                  {a.title}
                </p>
                <p className="mt-0.5 flex gap-2 text-xs text-muted">
                  <time dateTime={a.at}>{formatTimestamp(a.at)}</time>
                  {a.container && (
                    <Link href={`/containers/${encodeURIComponent(a.container)}`} className="font-mono text-accent hover:underline" onClick={() => setOpen(false)}>
                      {a.container}
                    </Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
          {canAct && (
            <Link href="/alerts" className="block border-t border-line px-3 py-2 text-sm text-accent hover:underline" onClick={() => setOpen(false)}>
              Alert rules and where they are sent
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
