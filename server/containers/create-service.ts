import { parseCreateRequest } from "@/lib/create-command";
import { actingAs, containerExists, createArgv, createContainer, formatArgv } from "../lxc";
import { processIsRoot } from "../host/host-user";
import { imageChoicesForCreate } from "../images";
import { installedTemplates } from "./create-context";
import { startAuditedOperation } from "./audited-operation";
import type { StartOperationResult } from "./start-result";
import type { Who } from "./who";

export type StartCreateResult = StartOperationResult;

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

  const op = startAuditedOperation(
    {
      who,
      container: req.name,
      action: "create",
      command,
      cancelled: `Creating ${req.name} was cancelled; nothing was left behind.`,
    },
    async (ctx) => {
      // The live state marks the new container as made by this user, not "outside the dashboard".
      await actingAs(who.actor, () => createContainer(req, { images, signal: ctx.signal, onLine: (text, stream) => ctx.line(stream, text) }));
      return `${req.name} created${req.start ? " and started" : ""}`;
    },
  );
  return { ok: true, operationId: op.id };
}
