"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "@/app/login/actions";
import { useCurrentUser } from "@/components/layout/current-user";

const item = "flex h-9 w-full items-center rounded px-3 text-left text-sm hover:bg-panel-raised";

/** The top bar's menu for the signed-in user: who and what role, Account, Users (admins), Sign out. */
export function UserMenu() {
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  // Closes on a click elsewhere or Escape, like any menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (!user) return null;

  async function signOut() {
    setSigningOut(true);
    try {
      await signOutAction();
    } finally {
      // A full load: nothing of this user's views survives in the tab.
      window.location.assign("/login");
    }
  }

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`User menu: ${user.name} (${user.role})`}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm hover:bg-panel-raised"
      >
        <span className="max-w-24 truncate font-medium sm:max-w-32">{user.name}</span>
        {/* The role is in the menu too; a phone keeps the room for the host's name. */}
        <span className="hidden text-xs text-muted sm:inline">{user.role}</span>
        <svg viewBox="0 0 16 16" className="size-3 text-muted" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <div
          id={menuId}
          className="absolute right-0 z-40 mt-1 w-48 rounded-md border border-line bg-panel p-1 shadow-lg"
        >
          <p className="px-3 py-1.5 text-xs text-muted">
            Signed in as <span className="font-medium text-ink">{user.name}</span> ({user.role})
          </p>
          <Link href="/account" className={item} onClick={() => setOpen(false)}>
            Account
          </Link>
          {user.role === "admin" && (
            <Link href="/users" className={item} onClick={() => setOpen(false)}>
              Users
            </Link>
          )}
          <button type="button" className={item} onClick={signOut} disabled={signingOut}>
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      )}
    </div>
  );
}
