"use client";

import Link from "next/link";
import { containerHref } from "@/lib/hosts";
import { useCanAct } from "@/components/layout/current-user";

const TABS = [
  { label: "Overview", tab: "", adminOnly: false },
  { label: "Processes", tab: "processes", adminOnly: false },
  { label: "Terminal", tab: "terminal", adminOnly: true },
  { label: "Snapshots", tab: "snapshots", adminOnly: false },
] as const;

export type HostContainerTab = (typeof TABS)[number]["label"];

/** An Incus container's tabs (its pages under /hosts/TARGET/containers/NAME). */
export function HostContainerTabs({ target, name, current }: { target: string; name: string; current: HostContainerTab }) {
  const canAct = useCanAct();
  return (
    <nav aria-label="Container sections" className="flex gap-1 overflow-x-auto border-b border-line">
      {TABS.filter((t) => canAct || !t.adminOnly).map((t) => (
        <Link
          key={t.label}
          href={containerHref({ name, target }, t.tab)}
          aria-current={t.label === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
            t.label === current ? "border-accent font-medium text-ink" : "border-transparent text-muted hover:border-line hover:text-ink"
          }`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
