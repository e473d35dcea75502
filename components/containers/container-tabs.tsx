"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { useCanAct } from "@/components/layout/current-user";

/**
 * The container's tabs. Overview, Config and Activity are sections of the
 * container page; Processes, Terminal and Settings are pages of their own. Terminal is
 * for admins only (a root shell), so a viewer is not offered it.
 */
const TABS = [
  { label: "Overview", path: "#overview", adminOnly: false },
  { label: "Processes", path: "/processes", adminOnly: false },
  { label: "Metrics", path: "/metrics", adminOnly: false },
  { label: "Terminal", path: "/terminal", adminOnly: true },
  { label: "Config", path: "#config", adminOnly: false },
  { label: "Settings", path: "/settings", adminOnly: false },
  { label: "Snapshots", path: "/snapshots", adminOnly: false },
  { label: "Backups", path: "/backups", adminOnly: false },
  { label: "Activity", path: "#activity", adminOnly: false },
] as const;

export type ContainerTab = (typeof TABS)[number]["label"];

/**
 * On a phone the row is wider than the screen and scrolls sideways: its end
 * fades out, to show there is more, and a spacer as wide as the fade lets the
 * last tab scroll clear of it.
 */
const NARROW_SCROLL_HINT = "max-sm:pr-6 max-sm:scroll-pr-6 max-sm:[mask-image:linear-gradient(to_right,#000_calc(100%-1.5rem),transparent)]";

/** `current` marks the tab of the page being shown; the sections of the container page mark none. */
export function ContainerTabs({ name, current }: { name: string; current?: ContainerTab }) {
  const base = `/containers/${encodeURIComponent(name)}`;
  const canAct = useCanAct();
  const nav = useRef<HTMLElement>(null);

  // A current tab scrolled out of a narrow row is brought into it, once per page.
  useEffect(() => {
    nav.current?.querySelector("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [current]);

  return (
    <nav ref={nav} aria-label="Container sections" className={`flex gap-1 overflow-x-auto border-b border-line ${NARROW_SCROLL_HINT}`}>
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
