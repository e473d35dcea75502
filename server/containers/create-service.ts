import { parseCreateRequest } from "@/lib/create-command";
import { containerExists, createArgv, createContainer, formatArgv, isLxcError } from "../lxc";
import { finishAudit, startAudit } from "../audit";
import { processIsRoot } from "../host/host-user";
import { imageChoicesForCreate } from "../images";
import { installedTemplates } from "./create-context";
import { failureFields } from "./failure-fields";
import { startOperation } from "./operations";
import type { Who } from "./who";

export type StartCreateResult =
  | { ok: true; operationId: string }
  | { ok: false; error: string; fieldErrors: Record<string, string> };

/**
 * Validates the form (a download image must be in the fixed list, the image
 * server's index or the local cache; a regular user makes unprivileged
 * containers only), refuses an existing name (both before
 * anything is spawned), then writes the audit row and starts lxc-create as an operation
 * the page can watch and cancel. The adapter holds the container's lock and
 * removes a half-made container on failure or cancel.
 */
export async function startCreate(who: Who, input: unknown): Promise<StartCreateResult> {
  const images = await imageChoicesForCreate(input);
  const parsed = parseCreateRequest(input, images, { root: processIsRoot(), templates: await installedTemplates() });
  if (!parsed.ok) return { ok: false, error: parsed.message, fieldErrors: { [parsed.field]: parsed.message } };
  const req = parsed.request;
  if (await containerExists(req.name)) {
    const error = `A container named ${req.name} already exists.`;
    return { ok: false, error, fieldErrors: { name: error } };
  }
  const command = formatArgv(await createArgv(req));

  const op = startOperation(req.name, async (ctx) => {
    const auditId = await startAudit({ actor: who.actor, address: who.address, action: "create", container: req.name, command });
    const stderr: string[] = [];
    try {
      await createContainer(req, {
        images,
        signal: ctx.signal,
        onLine: (text, stream) => {
          if (stream === "stderr") stderr.push(text);
          ctx.line(stream, text);
        },
      });
      await finishAudit(auditId, { outcome: "ok", exitCode: 0, stderr: stderr.join("\n") });
      return { outcome: "ok" as const, message: `${req.name} created${req.start ? " and started" : ""}` };
    } catch (err) {
      if (!isLxcError(err)) {
        await finishAudit(auditId, { outcome: "failed", stderr: stderr.join("\n"), detail: "internal error" });
        throw err;
      }
      if (err.code === "OPERATION_CANCELLED") {
        await finishAudit(auditId, { outcome: "cancelled", detail: err.message });
        return { outcome: "cancelled" as const, message: `Creating ${req.name} was cancelled; nothing was left behind.` };
      }
      await finishAudit(auditId, { outcome: "failed", ...failureFields(err, stderr.join("\n")) });
      return { outcome: "failed" as const, message: `${req.name}: ${err.message}` };
    }
  });
  return { ok: true, operationId: op.id };
}
