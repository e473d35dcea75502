import Link from "next/link";
import type { ReactNode } from "react";
import { AlertBell } from "@/components/alerts/alert-bell";
import { useCurrentUser } from "./current-user";
import { ReadinessDot } from "./readiness-dot";
import { ThemeToggle } from "./theme-toggle";

export function TopBar({
  hostName,
  userMenu,
  navOpen,
  onToggleNav,
}: {
  hostName: string;
  /** The signed-in user's menu; until there is one, their name and role. */
  userMenu?: ReactNode;
  navOpen: boolean;
  onToggleNav: () => void;
}) {
  const user = useCurrentUser();
  return (
    <header className="sticky top-0 z-30 flex h-12 items-center gap-3 border-b border-line bg-panel px-3">
      <button
        type="button"
        onClick={onToggleNav}
        aria-expanded={navOpen}
        aria-controls="main-nav"
        aria-label="Menu"
        className="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-panel-raised hover:text-ink md:hidden"
      >
        <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true" stroke="currentColor" strokeWidth="1.5">
          <path d="M2 4h12M2 8h12M2 12h12" />
        </svg>
      </button>
      {/* On a phone the short name leaves the host's name the room to show. */}
      <Link href="/" aria-label="LXC Dashboard" className="text-sm font-semibold whitespace-nowrap">
        <span className="sm:hidden">LXC</span>
        <span className="hidden sm:inline">LXC Dashboard</span>
      </Link>
      <span className="flex min-w-0 items-center gap-2 text-sm text-muted">
        <span aria-hidden="true">·</span>
        <span className="truncate font-mono text-xs" title={`Host name: ${hostName}`}>
          {hostName}
        </span>
        <ReadinessDot />
      </span>
      <div className="ml-auto flex items-center gap-1">
        {user && <AlertBell />}
        {userMenu ??
          (user && (
            <span className="px-1 text-xs text-muted">
              <span className="font-medium text-ink">{user.name}</span> ({user.role})
            </span>
          ))}
        <ThemeToggle />
      </div>
    </header>
  );
}
