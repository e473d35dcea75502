import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { containerNameProblem } from "@/lib/container-name";
import { actingAs, formatArgv, isLxcError, runLifecycleAction } from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { databaseBusyMessage, isDatabaseBusy } from "../db-errors";
import { containerActionDone } from "../forwards";
import { forgetFixedAddress } from "../addresses/fixed-address";
import { failureFields } from "./failure-fields";
import type { Who } from "./who";

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
 * anything else, then, under the container's lock (one action at a time per
 * container; a second one waits its turn), an audit row written before the
 * command and completed after it. The lock and the existence check are
 * runLifecycleAction's, taken once.
 */
export async function performAction(who: Who, name: string, action: LifecycleAction): Promise<ActionResult> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  if (!Object.hasOwn(pastTense, action)) return { ok: false, error: `Unknown action "${String(action)}".` };

  // The live state marks what follows as done by this user, not "outside the dashboard".
  return actingAs(who.actor, () => runLifecycleAction(action, name, async (argv, command): Promise<ActionResult> => {
    let auditId: number;
    try {
      auditId = await startAudit({ ...who, action, container: name, command: formatArgv(argv) });
    } catch (err) {
      // No row, no command: a database locked past its wait changes nothing, and says so.
      if (isDatabaseBusy(err)) return { ok: false, error: databaseBusyMessage() };
      throw err;
    }
    try {
      await command();
      await finishAudit(auditId, { outcome: "ok", exitCode: 0 });
      await containerActionDone(name, action);
      if (action === "destroy") await forgetFixedAddress(name);
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
  }));
}
