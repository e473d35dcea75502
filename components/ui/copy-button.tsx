"use client";

import { useEffect, useState } from "react";

/**
 * Copies with the Clipboard API where the page is a secure context, else with
 * a hidden textarea: a dashboard reached as http://LAN-ADDRESS:3000 is not one.
 */
async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: fall through to the textarea.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

/** An icon button that copies `text`; its accessible name says what it copies. */
export function CopyButton({ text, label, className = "" }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 1500);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      title={state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy by hand" : `Copy ${label}`}
      onClick={async () => setState((await copyText(text)) ? "copied" : "failed")}
      className={`inline-flex size-6 shrink-0 items-center justify-center rounded text-muted hover:bg-panel-raised hover:text-ink ${className}`}
    >
      {state === "copied" ? (
        <svg viewBox="0 0 16 16" className="size-3.5 text-green-600 dark:text-green-400" aria-hidden="true">
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      ) : (
        <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden="true">
          <rect x="5" y="5" width="8.5" height="8.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M3 10.5V3.5A1 1 0 0 1 4 2.5h6.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      )}
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : ""}
      </span>
    </button>
  );
}
