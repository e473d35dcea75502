import type { ActionResult } from "@/lib/api-types";
import { isLxcError } from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { failureFields } from "./failure-fields";
import type { Who } from "./who";

/**
 * A short action (delete a snapshot, delete a backup…) the way every click
 * runs: the audit row before, the work, the row completed after. `work`
 * returns the sentence said on success; an LxcError becomes the answer's
 * error (with its field, when it names one).
 */
export async function runAuditedAction(
  who: Who,
  entry: { action: string; container: string | null; command: string },
  work: () => Promise<string>,
): Promise<ActionResult> {
  const auditId = await startAudit({ ...who, ...entry });
  try {
    const message = await work();
    await finishAudit(auditId, { outcome: "ok", exitCode: 0 });
    return { ok: true, message };
  } catch (err) {
    if (!isLxcError(err)) {
      await finishAudit(auditId, { outcome: "failed", detail: "internal error" });
      throw err;
    }
    await finishAudit(auditId, { outcome: "failed", ...failureFields(err) });
    const field = (err as { field?: unknown }).field;
    return { ok: false, error: err.message, ...(typeof field === "string" ? { field } : {}) };
  }
}
