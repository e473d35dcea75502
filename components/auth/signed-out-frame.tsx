import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/layout/theme-toggle";

/**
 * The frame of the sign-in and first-run pages: no navigation or live host
 * status (those need a session), just where you are and the theme toggle.
 */
export function SignedOutFrame({ hostName, children }: { hostName: string; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-12 items-center gap-3 border-b border-line bg-panel px-3">
        <span className="text-sm font-semibold whitespace-nowrap">LXC Dashboard</span>
        <span className="flex min-w-0 items-center gap-2 text-sm text-muted">
          <span aria-hidden="true">·</span>
          <span className="truncate font-mono text-xs" title="Host name">
            {hostName}
          </span>
        </span>
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      </header>
      <main id="content" className="flex flex-1 justify-center px-4 py-10 md:py-16">
        {children}
      </main>
    </div>
  );
}

/** The card a sign-in or setup form sits in. */
export function AuthCard({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <div className="w-full max-w-sm">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-1 text-sm text-muted">{intro}</div>
      <div className="mt-5 rounded-lg border border-line bg-panel p-5">{children}</div>
    </div>
  );
}
