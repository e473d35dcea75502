"use client";

import type { ReadinessRow } from "@/lib/host-readiness";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Spinner } from "@/components/ui/spinner";
import { CheckStateLabel } from "./check-state";

/**
 * One requirement: its state, what was found, and for anything not ok the
 * command that fixes it, with Apply where the dashboard may run it itself.
 */
export function CheckRow({
  row,
  isAdmin,
  applying,
  error,
  onApply,
}: {
  row: ReadinessRow;
  isAdmin: boolean;
  applying: boolean;
  error: string | null;
  onApply: () => void;
}) {
  const headingId = `check-${row.id}`;
  return (
    <li aria-labelledby={headingId} data-check={row.id} data-state={row.state} className="flex flex-col gap-2 border-b border-line px-4 py-3 last:border-b-0">
      {/* The title stays beside its state on a phone too, wrapping within its own column. */}
      <div className="flex items-center gap-x-3">
        <span className="shrink-0 md:w-36">
          <CheckStateLabel state={row.state} essential={row.essential} />
        </span>
        <h2 id={headingId} className="min-w-0 text-sm font-medium">
          {row.title}
        </h2>
      </div>
      <p className="font-mono text-xs break-words text-muted md:pl-39">{row.found}</p>
      {row.fix && (
        <div className="flex flex-col gap-1.5 md:pl-39">
          <p className="text-xs text-muted">
            {row.canApply
              ? isAdmin
                ? "The dashboard can run this fix, or run it on the host yourself:"
                : "An admin can apply this fix from here, or run it on the host:"
              : "Run this on the host:"}
          </p>
          <CodeBlock text={row.fix} label={`the fix for ${row.title}`} />
          {row.canApply && isAdmin && (
            <div>
              <Button size="sm" variant="primary" onClick={onApply} disabled={applying} aria-label={`Apply the fix for ${row.title}`}>
                {applying && <Spinner />}
                {applying ? "Applying…" : "Apply"}
              </Button>
            </div>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 md:pl-39 dark:text-red-300">
          {error}
        </p>
      )}
    </li>
  );
}
