import type { ContainerListResponse } from "@/lib/api-types";
import { busyContainers, isLxcError, listContainers } from "../lxc";
import { hostProblem } from "./host-problem";
import { runningOperations } from "./operations";

/** The list as the home page shows it: containers, our running operations, and what the host lacks. */
export async function listContainerView(): Promise<ContainerListResponse> {
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
  return { containers, busy, hostProblem: await hostProblem(toolsMissing) };
}
