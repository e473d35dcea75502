"use client";

import { useEffect, useLayoutEffect, useSyncExternalStore } from "react";
import { THEME_STORAGE_KEY, type ThemeChoice } from "./theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const CHANGE_EVENT = "lxc-dashboard:theme";
const darkQuery = () => window.matchMedia("(prefers-color-scheme: dark)");

function readChoice(): ThemeChoice {
  const stored = localStorage.getItem(THEME_STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

function applyChoice(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && darkQuery().matches);
  document.documentElement.classList.toggle("dark", dark);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/** Cycles system → light → dark; the server renders "system" and the client corrects it. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);

  // React's dev-mode remount resets <html>'s class; re-apply before paint (a no-op in production).
  useLayoutEffect(() => applyChoice(choice), [choice]);

  // While following the system, follow it live too.
  useEffect(() => {
    if (choice !== "system") return;
    const mq = darkQuery();
    const follow = () => applyChoice("system");
    mq.addEventListener("change", follow);
    return () => mq.removeEventListener("change", follow);
  }, [choice]);

  function cycle() {
    const next = NEXT[choice];
    if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }

  const label = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" }[choice];
  return (
    <button
      type="button"
      onClick={cycle}
      aria-label={`${label} (switch to ${NEXT[choice]})`}
      title={`${label} — click for ${NEXT[choice]}`}
      className="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-panel-raised hover:text-ink"
    >
      <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
        {choice === "light" ? (
          <>
            <circle cx="8" cy="8" r="3" />
            <path d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3" />
          </>
        ) : choice === "dark" ? (
          <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z" />
        ) : (
          <>
            <rect x="1.5" y="2.5" width="13" height="9" rx="1" />
            <path d="M5.5 14h5M8 11.5V14" />
          </>
        )}
      </svg>
    </button>
  );
}
