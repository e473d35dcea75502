import type { ContainerState } from "@/lib/container-types";
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
};

/** The state as lxc-ls prints it, coloured; with a spinner and label while an operation of ours runs. */
export function ContainerStateBadge({ state, busy }: { state: ContainerState; busy: string | null }) {
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <Badge tone={tone[state]}>{state}</Badge>
      {busy && (
        <span className="inline-flex items-center gap-1 text-xs text-amber-700 dark:text-amber-300">
          <Spinner className="size-3" />
          {busy}
        </span>
      )}
    </span>
  );
}
