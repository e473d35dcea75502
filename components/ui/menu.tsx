"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type ToggleEvent } from "react";
import { buttonClasses, type ButtonSize } from "./button";

/** Below this much room under the button the menu opens upwards (it holds at most five items). */
const ROOM_BELOW = 200;
const GAP = 4;

const item =
  "flex h-8 w-full items-center rounded px-3 text-left text-sm whitespace-nowrap hover:bg-panel-raised focus-visible:bg-panel-raised";

/**
 * A button that opens a menu of actions (role=menu, items role=menuitem). It is
 * a native popover: it shows above everything, so a table that scrolls sideways
 * does not clip it, and Escape or a click elsewhere closes it, handing focus back
 * to the button. Arrow keys, Home and End move between the items.
 */
export function Menu({
  label,
  disabled,
  size = "sm",
  children,
}: {
  /** The button's accessible name, e.g. "More actions for web". */
  label: string;
  disabled?: boolean;
  size?: ButtonSize;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  // Fixed under (or over) the button; a scroll or resize would leave it floating apart, so it closes.
  useEffect(() => {
    if (!open) return;
    const close = () => menu.current?.hidePopover();
    window.addEventListener("scroll", close, true);
    window.addEventListener("resize", close);
    return () => {
      window.removeEventListener("scroll", close, true);
      window.removeEventListener("resize", close);
    };
  }, [open]);

  function place(e: ToggleEvent<HTMLDivElement>) {
    const rect = button.current?.getBoundingClientRect();
    if (e.newState !== "open" || !rect) return;
    const style = e.currentTarget.style;
    style.right = `${document.documentElement.clientWidth - rect.right}px`;
    const upwards = window.innerHeight - rect.bottom < ROOM_BELOW && rect.top > ROOM_BELOW;
    style.top = upwards ? "auto" : `${rect.bottom + GAP}px`;
    style.bottom = upwards ? `${window.innerHeight - rect.top + GAP}px` : "auto";
  }

  function onToggle(e: ToggleEvent<HTMLDivElement>) {
    setOpen(e.newState === "open");
    if (e.newState === "open") items()[0]?.focus();
  }

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next !== undefined) {
      e.preventDefault();
      all[(next + all.length) % all.length]?.focus();
    } else if (e.key === "Tab") {
      // Leaving the menu closes it, like any menu.
      menu.current?.hidePopover();
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={id}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        title={label}
        disabled={disabled}
        className={buttonClasses("secondary", size, "px-2")}
      >
        <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true" fill="currentColor">
          <circle cx="3" cy="8" r="1.4" />
          <circle cx="8" cy="8" r="1.4" />
          <circle cx="13" cy="8" r="1.4" />
        </svg>
      </button>
      <div
        ref={menu}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        onBeforeToggle={place}
        onToggle={onToggle}
        onKeyDown={onKeyDown}
        // An item chosen closes the menu; what it does happens in its own handler.
        onClick={(e) => (e.target as HTMLElement).closest('[role="menuitem"]') && menu.current?.hidePopover()}
        className="fixed inset-auto m-0 min-w-40 rounded-md border border-line bg-panel p-1 text-ink shadow-lg"
      >
        {children}
      </div>
    </>
  );
}

export function MenuItem({ onSelect, danger, title, children }: { onSelect: () => void; danger?: boolean; title?: string; children: ReactNode }) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      title={title}
      onClick={onSelect}
      className={`${item} ${danger ? "text-red-700 dark:text-red-300" : ""}`}
    >
      {children}
    </button>
  );
}

/** A menu item that navigates: a link, so it opens in a new browser tab too. */
export function MenuLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} role="menuitem" tabIndex={-1} className={item}>
      {children}
    </Link>
  );
}
