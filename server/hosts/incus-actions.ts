import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { busyLabel } from "@/lib/action-labels";
import { incusNameProblem } from "@/lib/container-name";
import type { Who } from "../containers/who";
import { DEFAULT_STOP_TIMEOUT_SECONDS } from "../lxc/lifecycle";
import { incusPaths } from "./incus-paths";
import { hostEntry, type HostEntry } from "./registry";
import { runRestAction, type RestCall } from "./rest-action";

const PAST: Record<LifecycleAction, string> = {
  start: "started",
  stop: "stopped",
  kill: "killed",
  restart: "restarted",
  freeze: "frozen",
  unfreeze: "unfrozen",
  destroy: "deleted",
};

/**
 * The REST calls of a lifecycle action (PUT …/state), as the audit row shows
 * them. stop asks init for a clean shutdown and waits up to 30 s (Incus then
 * answers an error, the container still up: Kill forces it); kill is
 * `force`; destroy, like the classic one, stops a running container first
 * (force), then deletes it with its snapshots.
 */
export function lifecycleCalls(action: LifecycleAction, name: string, running: boolean): RestCall[] {
  const state = (body: Record<string, unknown>): RestCall => ({ method: "PUT", path: incusPaths.instanceState(name), body, operation: true });
  switch (action) {
    case "start":
      return [state({ action: "start" })];
    case "stop":
      return [state({ action: "stop", timeout: DEFAULT_STOP_TIMEOUT_SECONDS, force: false })];
    case "kill":
      return [state({ action: "stop", force: true })];
    case "restart":
      return [state({ action: "restart", timeout: DEFAULT_STOP_TIMEOUT_SECONDS })];
    case "freeze":
      return [state({ action: "freeze" })];
    case "unfreeze":
      return [state({ action: "unfreeze" })];
    case "destroy":
      return [...(running ? [state({ action: "stop", force: true })] : []), { method: "DELETE", path: incusPaths.instance(name), operation: true }];
  }
}

/** The host's entry, or the answer that says it is not there. */
export async function entryOr(target: string): Promise<HostEntry | ActionResult> {
  const entry = await hostEntry(target);
  return entry ?? { ok: false, error: `There is no host named ${target}; it may have been removed.` };
}

export function isEntry(x: HostEntry | ActionResult): x is HostEntry {
  return "store" in x;
}

/** Start, stop, restart, freeze, unfreeze, kill or delete an Incus container, audited with its exact REST calls. */
export async function performHostAction(who: Who, target: string, name: string, action: LifecycleAction): Promise<ActionResult> {
  const problem = incusNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  if (!Object.hasOwn(PAST, action)) return { ok: false, error: `Unknown action "${String(action)}".` };
  const entry = await entryOr(target);
  if (!isEntry(entry)) return entry;
  const row = entry.store.get(name);
  const running = row !== null && row.state !== "STOPPED";
  return runRestAction(who, entry, {
    action: action === "destroy" ? "destroy" : action,
    busy: busyLabel[action],
    name,
    calls: lifecycleCalls(action, name, running),
    done: `${name} ${PAST[action]}`,
  });
}
