"use client";

import { Button } from "./button";

/**
 * A view whose data could not be read: the reason, and "Try again". Views fed
 * by the push stream do not ask again on a timer, so a failed read would
 * otherwise stay on screen until the next change.
 */
export function ReadFailure({ what, error, retrying, onRetry }: { what: string; error: Error | null; retrying: boolean; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 text-sm text-red-700 dark:text-red-300">
      <span>
        {what} could not be read: {error?.message ?? "no answer"}
      </span>
      <Button size="sm" variant="secondary" onClick={onRetry} disabled={retrying}>
        Try again
      </Button>
    </div>
  );
}
