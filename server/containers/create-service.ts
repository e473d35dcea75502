import { createRequestSchema, buildCreateArgv } from "@/lib/create-command";
import { containerExists, createContainer, formatArgv, LxcError, CommandFailed, OperationCancelled, withContainerLock } from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { createContext } from "./create-context";
import { startOperation } from "./operations";
import type { Who } from "./who";

export type StartCreateResult =
  | { ok: true; operationId: string }
  | { ok: false; error: string; fieldErrors: Record<string, string> };

/**
 * Validates the form, refuses an existing name, writes the audit row and
 * starts lxc-create as an operation the page can watch and cancel.
 */
export async function startCreate(who: Who & { id: string }, input: unknown): Promise<StartCreateResult> {
  const parsed = createRequestSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, error: "Check the highlighted fields.", fieldErrors };
  }
  const req = parsed.data;
  if (await containerExists(req.name)) {
    const error = `A container named ${req.name} already exists.`;
    return { ok: false, error, fieldErrors: { name: error } };
  }
  const argv = buildCreateArgv(req, await createContext());

  const op = startOperation(req.name, who.id, (ctx) =>
    withContainerLock(req.name, "creating", async () => {
      const auditId = await startAudit({ actor: who.actor, address: who.address, action: "create", container: req.name, command: formatArgv(argv) });
      const stderr: string[] = [];
      try {
        await createContainer(req, {
          signal: ctx.signal,
          onLine: (text, stream) => {
            if (stream === "stderr") stderr.push(text);
            ctx.line(stream, text);
          },
        });
        await finishAudit(auditId, { outcome: "ok", exitCode: 0, stderr: stderr.join("\n") });
        return { outcome: "ok" as const, message: `${req.name} created` };
      } catch (err) {
        if (err instanceof OperationCancelled) {
          await finishAudit(auditId, { outcome: "cancelled", detail: err.message });
          return { outcome: "cancelled" as const, message: `Creating ${req.name} was cancelled; nothing was left behind.` };
        }
        const known = err instanceof LxcError;
        await finishAudit(auditId, {
          outcome: "failed",
          exitCode: err instanceof CommandFailed ? err.exitCode : null,
          stderr: err instanceof CommandFailed ? err.stderr : stderr.join("\n"),
          detail: known ? err.message : "internal error",
        });
        return { outcome: "failed" as const, message: known ? `${req.name}: ${err.message}` : `${req.name}: creation failed — see the log` };
      }
    }),
  );
  return { ok: true, operationId: op.id };
}
