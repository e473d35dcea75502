"use client";

import { useLiveConnectionState } from "./live-provider";

/**
 * A thin bar under the top bar while the push stream is down: what is on the
 * page stays, and may be out of date until it is back. It overlays the page
 * (fixed, 1.5rem) so nothing below it moves.
 */
export function ReconnectingBar() {
  const state = useLiveConnectionState();
  if (state !== "reconnecting" && state !== "signed-out") return null;
  const text =
    state === "reconnecting"
      ? "Reconnecting… what you see may be out of date until the live connection is back."
      : "Your sign-in ended; reload the page to sign in again.";
  return (
    <div
      role="status"
      className="fixed inset-x-0 top-12 z-40 flex h-6 items-center justify-center border-b border-amber-300 bg-amber-100 px-3 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      {text}
    </div>
  );
}
