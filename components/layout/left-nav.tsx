"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCanAct } from "./current-user";

/** Only pages that exist are linked. */
const ITEMS = [
  { href: "/overview", label: "Overview", current: (p: string) => p.startsWith("/overview") },
  { href: "/", label: "Containers", current: (p: string) => p === "/" || p.startsWith("/containers") || /^\/hosts\/[^/]+\/containers/.test(p) },
  { href: "/processes", label: "Processes", current: (p: string) => p.startsWith("/processes") },
  { href: "/images", label: "Images", current: (p: string) => p.startsWith("/images") },
  { href: "/activity", label: "Activity", current: (p: string) => p.startsWith("/activity") },
  { href: "/backups", label: "Backups", current: (p: string) => p.startsWith("/backups") },
  { href: "/ports", label: "Ports", current: (p: string) => p.startsWith("/ports") },
  { href: "/host", label: "Host", current: (p: string) => p === "/host" || p.startsWith("/host/") },
  { href: "/hosts", label: "Hosts", current: (p: string) => p === "/hosts" },
  { href: "/audit", label: "Audit", current: (p: string) => p.startsWith("/audit") },
  { href: "/alerts", label: "Alerts", current: (p: string) => p.startsWith("/alerts"), adminOnly: true },
  { href: "/users", label: "Users", current: (p: string) => p.startsWith("/users"), adminOnly: true },
  { href: "/tokens", label: "Metrics tokens", current: (p: string) => p.startsWith("/tokens"), adminOnly: true },
] as const;

export function LeftNav({ onNavigate }: { onNavigate: () => void }) {
  const pathname = usePathname();
  const canAct = useCanAct();
  return (
    <nav aria-label="Main" className="p-2">
      <ul className="flex flex-col gap-0.5">
        {ITEMS.filter((item) => canAct || !("adminOnly" in item)).map((item) => {
          const current = item.current(pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                // Not prefetched: every open tab would render every page server-side again and again (each re-prefetch
                // of /create, /ports or /host runs tools), for a navigation that takes a moment anyway.
                prefetch={false}
                onClick={onNavigate}
                aria-current={current ? "page" : undefined}
                className={`flex h-9 items-center rounded-md px-3 text-sm ${
                  current ? "bg-panel-raised font-medium text-ink" : "text-muted hover:bg-panel-raised hover:text-ink"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
