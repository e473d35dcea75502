import type { ActivityLevel } from "@/lib/activity-types";
import type { ChangeCause } from "@/lib/live-events";
import type { StoreChange } from "../live/state-store";
import type { ActivityInput } from "./record";

/**
 * Which store changes are Activity rows, and what they say: a container
 * made, destroyed, started, stopped, frozen or unfrozen (transient states
 * such as STARTING are not rows), and an exit with a non-zero status. Pure,
 * so the wording is unit-tested.
 */
const VERB: Record<string, string> = { RUNNING: "started", STOPPED: "stopped", FROZEN: "frozen", ABORTING: "aborting" };

function actorOf(cause: ChangeCause): string | null {
  return cause.by === "dashboard" ? cause.actor : null;
}

function withCause(verb: string, cause: ChangeCause): string {
  return cause.by === "dashboard" ? verb : `${verb} outside the dashboard`;
}

export function activityForChange(change: StoreChange): ActivityInput | null {
  switch (change.kind) {
    case "upsert": {
      const { row, before, cause } = change;
      if (!before) return { container: row.name, kind: "created", message: withCause("created", cause), actor: actorOf(cause), state: row.state };
      if (before.state === row.state) return null;
      let verb = VERB[row.state];
      if (!verb) return null;
      if (before.state === "FROZEN" && row.state === "RUNNING") verb = "unfrozen";
      const level: ActivityLevel = row.state === "STOPPED" && cause.by === "outside" ? "warning" : row.state === "ABORTING" ? "error" : "info";
      return { container: row.name, kind: "state", message: withCause(verb, cause), actor: actorOf(cause), state: row.state, level };
    }
    case "remove":
      return { container: change.name, kind: "destroyed", message: withCause("destroyed", change.cause), actor: actorOf(change.cause) };
    case "exit":
      if (change.status === 0) return null;
      return {
        container: change.name,
        kind: "exit",
        message: `exited with status ${change.status}`,
        actor: actorOf(change.cause),
        exitStatus: change.status,
        level: "error",
      };
    default:
      return null;
  }
}
