import type { ContainerListResponse } from "@/lib/api-types";
import { busyContainers, isLxcError, listContainers } from "../lxc";
import { runningOperations } from "./operations";

/**
 * Every open tab polls the list; requests that arrive while one lxc-ls runs
 * share its answer instead of spawning another (lxc-ls costs ~0.2 s with a
 * few dozen containers and grows with the running ones).
 */
let inFlight: Promise<ContainerListResponse> | null = null;

/** The list as the home page shows it: containers, and our operations running on them. */
export function listContainerView(): Promise<ContainerListResponse> {
  inFlight ??= readContainerView().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function readContainerView(): Promise<ContainerListResponse> {
  let containers: ContainerListResponse["containers"] = [];
  let toolsMissing = false;
  try {
    containers = await listContainers();
  } catch (err) {
    if (!isLxcError(err) || err.code !== "TOOL_MISSING") throw err;
    toolsMissing = true;
  }
  const busy: Record<string, string> = Object.fromEntries(busyContainers());
  // A create in progress has no row in lxc-ls yet at first; the lock already names it.
  for (const op of runningOperations()) busy[op.container] ??= "creating";
  return { containers, busy, toolsMissing };
}
