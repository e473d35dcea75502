"use client";

import Link from "next/link";
import { useCanAct } from "@/components/layout/current-user";

/**
 * The container's tabs. Overview, Config and Activity are sections of the
 * container page; Processes, Terminal and Settings are pages of their own. Terminal is
 * for admins only (a root shell), so a viewer is not offered it.
 */
const TABS = [
  { label: "Overview", path: "#overview", adminOnly: false },
  { label: "Processes", path: "/processes", adminOnly: false },
  { label: "Terminal", path: "/terminal", adminOnly: true },
  { label: "Config", path: "#config", adminOnly: false },
  { label: "Settings", path: "/settings", adminOnly: false },
  { label: "Activity", path: "#activity", adminOnly: false },
] as const;

export type ContainerTab = (typeof TABS)[number]["label"];

/** `current` marks the tab of the page being shown; the sections of the container page mark none. */
export function ContainerTabs({ name, current }: { name: string; current?: ContainerTab }) {
  const base = `/containers/${encodeURIComponent(name)}`;
  const canAct = useCanAct();
  return (
    <nav aria-label="Container sections" className="flex gap-1 overflow-x-auto border-b border-line">
      {TABS.filter((tab) => canAct || !tab.adminOnly).map((tab) => {
        const isCurrent = tab.label === current;
        return (
          <Link
            key={tab.label}
            href={`${base}${tab.path}`}
            aria-current={isCurrent ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              isCurrent ? "border-accent font-medium text-ink" : "border-transparent text-muted hover:border-line hover:text-ink"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
