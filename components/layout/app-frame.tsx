"use client";

import { useState, type ReactNode } from "react";
import { HostReadinessBanner } from "@/components/host/host-readiness-banner";
import { ReconnectingBar } from "@/components/live/reconnecting-bar";
import { LeftNav } from "./left-nav";
import { TopBar } from "./top-bar";

/** Top bar, left navigation (a menu on a phone) and the page. */
export function AppFrame({
  hostName,
  userMenu,
  children,
}: {
  hostName: string;
  userMenu?: ReactNode;
  children: ReactNode;
}) {
  const [navOpen, setNavOpen] = useState(false);
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-panel focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <TopBar hostName={hostName} userMenu={userMenu} navOpen={navOpen} onToggleNav={() => setNavOpen((o) => !o)} />
      <ReconnectingBar />
      <div className="flex flex-1">
        <div
          id="main-nav"
          className={`${navOpen ? "block" : "hidden"} fixed inset-x-0 top-12 z-20 border-b border-line bg-panel shadow-md md:static md:block md:w-48 md:shrink-0 md:border-r md:border-b-0 md:shadow-none`}
        >
          <LeftNav onNavigate={() => setNavOpen(false)} />
        </div>
        <main id="content" className="min-w-0 flex-1 p-4 md:p-6">
          <HostReadinessBanner />
          {children}
        </main>
      </div>
    </div>
  );
}
