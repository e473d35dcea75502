import type { LifecycleAction } from "./api-types";

/** What a container is doing while an action of ours runs on it, as the list shows it. */
export const busyLabel: Record<LifecycleAction, string> = {
  start: "starting",
  stop: "stopping",
  kill: "stopping",
  restart: "restarting",
  freeze: "freezing",
  unfreeze: "unfreezing",
  destroy: "destroying",
};
