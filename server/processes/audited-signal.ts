import { z } from "zod";
import type { ActionResult } from "@/lib/api-types";
import { containerNameProblem } from "@/lib/container-name";
import { killCommand, PROCESS_SIGNALS, type SignalRequest } from "@/lib/process-types";
import { finishAudit, recordRefusal, startAudit } from "../audit";
import type { Who } from "../containers/who";
import { isLxcError } from "../lxc";
import { ContainerNotRunning, SignalRefused } from "./procfs/errors";
import { signalContainerProcess } from "./procfs/signal-process";
import { containerInitPid } from "./container-init-pid";

const AUDIT_ACTION = "signal process";

const signalRequestSchema = z.object({
  hostPid: z.number().int().positive().max(2 ** 22),
  startTime: z.number().int().nonnegative(),
  signal: z.enum(PROCESS_SIGNALS),
}) satisfies z.ZodType<SignalRequest>;

/**
 * The Processes tab's row action, for an admin already past the access check: sends
 * SIGTERM or SIGKILL to one process of the container, by host PID, only when
 * that PID is still the process the admin saw (same start time) and is in the
 * container's PID namespace. Audited before and after, refusals included;
 * nothing is signalled when it answers ok: false.
 */
export async function signalProcessAudited(who: Who, name: string, request: unknown): Promise<ActionResult> {
  const nameProblem = containerNameProblem(name);
  if (nameProblem) return { ok: false, error: nameProblem };
  const parsed = signalRequestSchema.safeParse(request);
  if (!parsed.success) {
    // Only a forged request gets here: the page sends rows as the server gave them.
    await recordRefusal({ ...who, action: AUDIT_ACTION, container: name, detail: "malformed signal request" });
    return { ok: false, error: "That signal request is malformed; reload the page and try again." };
  }
  const { hostPid, startTime, signal } = parsed.data;

  const auditId = await startAudit({ ...who, action: AUDIT_ACTION, container: name, command: killCommand(signal, hostPid) });
  const refuse = async (error: string): Promise<ActionResult> => {
    await finishAudit(auditId, { outcome: "failed", detail: error });
    return { ok: false, error };
  };
  try {
    const initPid = await containerInitPid(name);
    if (initPid === null) return await refuse(`${name} is not running; nothing was signalled.`);
    const sent = signalContainerProcess(initPid, { hostPid, startTime }, signal);
    await finishAudit(auditId, { outcome: "ok", exitCode: 0, detail: sent.command });
    return { ok: true, message: `${signal} sent to PID ${sent.pid} (${sent.command})` };
  } catch (error) {
    if (error instanceof SignalRefused) return await refuse(error.message);
    if (error instanceof ContainerNotRunning) return await refuse(`${name} is not running; nothing was signalled.`);
    if (isLxcError(error)) return await refuse(error.message);
    await finishAudit(auditId, { outcome: "failed", detail: "internal error" });
    throw error;
  }
}
