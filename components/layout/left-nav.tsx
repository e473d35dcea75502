"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCanAct } from "./current-user";

/** Only pages that exist are linked. */
const ITEMS = [
  { href: "/", label: "Containers", current: (p: string) => p === "/" || p.startsWith("/containers") },
  { href: "/processes", label: "Processes", current: (p: string) => p.startsWith("/processes") },
  { href: "/images", label: "Images", current: (p: string) => p.startsWith("/images") },
  { href: "/host", label: "Host", current: (p: string) => p.startsWith("/host") },
  { href: "/audit", label: "Audit", current: (p: string) => p.startsWith("/audit") },
  { href: "/users", label: "Users", current: (p: string) => p.startsWith("/users"), adminOnly: true },
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
