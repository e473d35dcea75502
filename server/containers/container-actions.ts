import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { busyLabel } from "@/lib/action-labels";
import { containerNameProblem } from "@/lib/container-name";
import {
  actionArgv,
  containerExists,
  ContainerNotFound,
  destroyContainer,
  formatArgv,
  freezeContainer,
  isLxcError,
  restartContainer,
  startContainer,
  stopContainer,
  unfreezeContainer,
  withContainerLock,
} from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { failureFields } from "./failure-fields";
import type { Who } from "./who";

const run: Record<LifecycleAction, (name: string) => Promise<unknown>> = {
  start: startContainer,
  stop: (n) => stopContainer(n, {}),
  kill: (n) => stopContainer(n, { force: true }),
  restart: restartContainer,
  freeze: freezeContainer,
  unfreeze: unfreezeContainer,
  destroy: destroyContainer,
};

const pastTense: Record<LifecycleAction, string> = {
  start: "started",
  stop: "stopped",
  kill: "killed",
  restart: "restarted",
  freeze: "frozen",
  unfreeze: "unfrozen",
  destroy: "destroyed",
};

/**
 * Runs one lifecycle action the way every click does: name checked before
 * anything else, one action at a time per container (a second one waits its
 * turn), an audit row written before the command and completed after it.
 */
export async function performAction(who: Who, name: string, action: LifecycleAction): Promise<ActionResult> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  if (!Object.hasOwn(run, action)) return { ok: false, error: `Unknown action "${String(action)}".` };

  return withContainerLock(name, busyLabel[action], async () => {
    const argv = actionArgv(action, name);
    const auditId = await startAudit({ ...who, action, container: name, command: formatArgv(argv) });
    try {
      if (!(await containerExists(name))) throw new ContainerNotFound(name);
      await run[action](name);
      await finishAudit(auditId, { outcome: "ok", exitCode: 0 });
      return { ok: true, message: `${name} ${pastTense[action]}` };
    } catch (err) {
      if (!isLxcError(err)) {
        await finishAudit(auditId, { outcome: "failed", detail: "internal error" });
        throw err;
      }
      await finishAudit(auditId, { outcome: "failed", ...failureFields(err) });
      const message = err.code === "COMMAND_FAILED" ? `${name}: ${argv[0]} failed — see the log` : err.message;
      return { ok: false, error: message };
    }
  });
}
