import { busyLabel } from "@/lib/action-labels";
import { withContainerLock } from "./container-lock";
import { CommandFailed, ContainerNotFound, InvalidOption } from "./errors";
import { notifyLifecycle } from "./lifecycle-notices";
import { containerExists, lxcPath } from "./lxc-path";
import { runTool } from "./run-tool";
import type { CommandResult, LifecycleAction } from "./types";
import { validContainerName } from "./validate-name";

/** How long a clean shutdown (or reboot) may take before lxc-stop kills the container. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
const MAX_STOP_TIMEOUT_SECONDS = 3600;

export interface ActionOptions {
  /** For stop and restart: seconds to wait for a clean shutdown before killing. */
  timeoutSeconds?: number;
  /** Defaults to lxcPath(). */
  lxcpath?: string;
}

/**
 * The exact argv of a lifecycle action, so the audit log can record the command
 * before it runs. The name is checked first (InvalidName).
 *
 * - stop: `lxc-stop -t N` asks init to halt (lxc.signal.halt; SIGUSR1 for
 *   busybox) and kills the container if it is still up after N seconds.
 * - restart: `lxc-stop -r -t N` sends lxc.signal.reboot (SIGTERM, which busybox
 *   init takes as "reboot") and waits for the container to come back under the
 *   same monitor. One command, so the audit row holds one exact command; a
 *   busybox container is back RUNNING with a new init PID in about 2 s.
 * - destroy: `lxc-destroy -f` stops a running container first. Destroy is
 *   confirmed by typing the name and deletes all data anyway, so refusing a
 *   running container would only add a step (and a start racing a destroy
 *   would make the destroy fail). `-s` takes its snapshots with it: they
 *   are its data too, and lxc-destroy refuses a container that has some.
 */
export function actionArgv(action: LifecycleAction, name: string, options: ActionOptions = {}): string[] {
  const n = validContainerName(name);
  const timeout = String(stopTimeout(options.timeoutSeconds));
  const target = ["-P", options.lxcpath ?? lxcPath(), "-n", n];
  switch (action) {
    case "start":
      return ["lxc-start", ...target, "-d"];
    case "stop":
      return ["lxc-stop", ...target, "-t", timeout];
    case "kill":
      return ["lxc-stop", ...target, "-k"];
    case "restart":
      return ["lxc-stop", ...target, "-r", "-t", timeout];
    case "freeze":
      return ["lxc-freeze", ...target];
    case "unfreeze":
      return ["lxc-unfreeze", ...target];
    case "destroy":
      return ["lxc-destroy", ...target, "-f", "-s"];
    default:
      throw new InvalidOption("action", `Unknown action "${String(action)}".`);
  }
}

function stopTimeout(seconds: number | undefined): number {
  const t = seconds ?? DEFAULT_STOP_TIMEOUT_SECONDS;
  if (!Number.isInteger(t) || t < 1 || t > MAX_STOP_TIMEOUT_SECONDS) {
    throw new InvalidOption("timeoutSeconds", `A timeout is a whole number of seconds from 1 to ${MAX_STOP_TIMEOUT_SECONDS}.`);
  }
  return t;
}

/**
 * What a caller wraps around the command, inside the container's lock: e.g.
 * the audit row, written before `command()` runs and completed after it.
 */
export type AroundCommand<R> = (argv: string[], command: () => Promise<CommandResult>) => Promise<R>;

const justRun: AroundCommand<CommandResult> = (_argv, command) => command();

/**
 * Runs one lifecycle action: takes the container's lock once, and inside it
 * checks once that the container exists and runs the tool. A container that is
 * gone before the command, or whose command failed because it vanished
 * meanwhile, gives ContainerNotFound ("container X no longer exists") and
 * nothing else is touched. `around` runs inside the lock with the exact argv
 * (the name is checked before anything else: InvalidName).
 */
export function runLifecycleAction<R>(action: LifecycleAction, name: string, around: AroundCommand<R>, options: ActionOptions = {}): Promise<R> {
  const argv = actionArgv(action, name, options);
  const notice = { lxcpath: options.lxcpath ?? lxcPath(), name, action };
  const command = async (): Promise<CommandResult> => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    notifyLifecycle({ ...notice, phase: "before" });
    const result = await runTool(argv);
    notifyLifecycle({ ...notice, phase: "after", ok: result.exitCode === 0 });
    if (result.exitCode === 0) return result;
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    throw new CommandFailed(argv, result.exitCode, result.stderr);
  };
  return withContainerLock(name, busyLabel[action], () => around(argv, command));
}

function runAction(action: LifecycleAction, name: string, options: ActionOptions = {}): Promise<CommandResult> {
  return runLifecycleAction(action, name, justRun, options);
}

export function startContainer(name: string): Promise<CommandResult> {
  return runAction("start", name);
}

export function stopContainer(name: string, options: { timeoutSeconds?: number; force?: boolean } = {}): Promise<CommandResult> {
  return runAction(options.force ? "kill" : "stop", name, { timeoutSeconds: options.timeoutSeconds });
}

export function restartContainer(name: string, options: { timeoutSeconds?: number } = {}): Promise<CommandResult> {
  return runAction("restart", name, options);
}

export function freezeContainer(name: string): Promise<CommandResult> {
  return runAction("freeze", name);
}

export function unfreezeContainer(name: string): Promise<CommandResult> {
  return runAction("unfreeze", name);
}

export function destroyContainer(name: string): Promise<CommandResult> {
  return runAction("destroy", name);
}
