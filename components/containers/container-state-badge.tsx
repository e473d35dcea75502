"use client";

import type { ContainerState } from "@/lib/container-types";
import { useChangedFlash } from "@/components/live/use-changed-flash";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";

const tone: Record<ContainerState, BadgeTone> = {
  RUNNING: "green",
  STOPPED: "grey",
  FROZEN: "blue",
  THAWED: "green",
  STARTING: "amber",
  STOPPING: "amber",
  FREEZING: "amber",
  ABORTING: "red",
  ERROR: "red",
};

/**
 * The state as lxc-ls prints it, coloured; with a spinner and label while an
 * operation of ours runs. A state that changes while shown (pushed live) gets
 * a brief ring around the badge; nothing around it moves.
 */
export function ContainerStateBadge({ state, busy }: { state: ContainerState; busy: string | null }) {
  const flash = useChangedFlash(state);
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap" data-state={state}>
      <span className={`inline-flex ${flash ? "live-flash" : ""}`}>
        <Badge tone={tone[state]}>{state}</Badge>
      </span>
      {busy && (
        <span className="inline-flex items-center gap-1 text-xs text-amber-700 dark:text-amber-300">
          <Spinner className="size-3" />
          {busy}
        </span>
      )}
    </span>
  );
}
