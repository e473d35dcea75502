import { isLxcError } from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { failureFields } from "./failure-fields";
import { startOperation, type Operation, type OperationContext } from "./operations";
import type { Who } from "./who";

export interface AuditedOperationSpec {
  who: Who;
  /** The container the operation is about (the new one, for a restore into a new container). */
  container: string;
  /** The audit row's action: "snapshot", "restore snapshot", "backup"… */
  action: string;
  /** The exact command(s), as the audit row and the page show them. */
  command: string;
  /** Said when it was cancelled, e.g. "Backing up web was cancelled; the partial archive was removed." */
  cancelled: string;
}

/**
 * Long work the way every click and every scheduled run does it: an audit row
 * before it starts, output streamed to whoever watches (stderr kept for the
 * row), and the row completed with the outcome. `work` returns the sentence
 * said on success; an LxcError fails the operation with its own sentence,
 * OperationCancelled ends it as cancelled.
 */
export function startAuditedOperation(spec: AuditedOperationSpec, work: (ctx: OperationContext) => Promise<string>): Operation {
  return startOperation(spec.container, async (ctx) => {
    const auditId = await startAudit({ ...spec.who, action: spec.action, container: spec.container, command: spec.command });
    const stderr: string[] = [];
    const watched: OperationContext = {
      ...ctx,
      line: (stream, text) => {
        if (stream === "stderr") stderr.push(text);
        ctx.line(stream, text);
      },
    };
    try {
      const message = await work(watched);
      await finishAudit(auditId, { outcome: "ok", exitCode: 0, stderr: stderr.join("\n") });
      return { outcome: "ok" as const, message };
    } catch (err) {
      if (!isLxcError(err)) {
        await finishAudit(auditId, { outcome: "failed", stderr: stderr.join("\n"), detail: "internal error" });
        throw err;
      }
      if (err.code === "OPERATION_CANCELLED") {
        await finishAudit(auditId, { outcome: "cancelled", detail: err.message });
        return { outcome: "cancelled" as const, message: spec.cancelled };
      }
      await finishAudit(auditId, { outcome: "failed", ...failureFields(err, stderr.join("\n")) });
      return { outcome: "failed" as const, message: `${spec.container}: ${err.message}` };
    }
  });
}
