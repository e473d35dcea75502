import { z } from "zod";
import type { ActionResult } from "@/lib/api-types";
import { mirrorHostSchema } from "@/lib/create-options";
import { formatBytes } from "@/lib/format-units";
import { imageKeySchema, imageLabel, type ImageKey } from "@/lib/image-index";
import { DEFAULT_IMAGE_SERVER } from "@/lib/image-types";
import { finishAudit, startAudit } from "../audit";
import type { Who } from "../containers/who";
import { isLxcError } from "../lxc";
import { ImageBusy, withImageLock } from "./image-lock";
import { cachedImageDir, deleteCachedImage, ImageNotCached } from "./local-cache";
import { listedImage, refreshCachedImage } from "./refresh";
import { ImageServerError } from "./wget";

/**
 * The admin's actions on the local image cache, the way every action runs:
 * input checked before anything else, one operation per image at a time, an
 * audit row written before the work and completed after it.
 */

/** An empty server field means the default server. */
export const imageServerSchema = z
  .union([z.literal("").transform(() => DEFAULT_IMAGE_SERVER), mirrorHostSchema])
  .default(DEFAULT_IMAGE_SERVER);

const refreshInputSchema = imageKeySchema.extend({ server: imageServerSchema });

/** Failures a person can act on get their sentence; anything else is a bug and is rethrown. */
function knownFailure(err: unknown): string | null {
  if (err instanceof ImageServerError || err instanceof ImageNotCached || err instanceof ImageBusy) return err.message;
  return isLxcError(err) ? err.message : null;
}

async function audited(
  who: Who,
  action: string,
  command: string,
  work: () => Promise<{ message: string; detail: string }>,
): Promise<ActionResult> {
  const auditId = await startAudit({ ...who, action, command });
  try {
    const { message, detail } = await work();
    await finishAudit(auditId, { outcome: "ok", detail });
    return { ok: true, message };
  } catch (err) {
    const message = knownFailure(err);
    await finishAudit(auditId, { outcome: "failed", detail: message ?? "internal error" });
    if (message === null) throw err;
    return { ok: false, error: message };
  }
}

function parsed<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: `${String(issue?.path[0] ?? "image")}: ${issue?.message ?? "invalid"}` };
}

/** Downloads the newest build the server lists into the cache (nothing when the cache has it already). */
export async function refreshImage(who: Who, input: unknown): Promise<ActionResult> {
  const r = parsed(refreshInputSchema, input);
  if (!r.ok) return r;
  const { server, ...key } = r.value;
  const dir = cachedImageDir(key);
  return audited(who, "refresh image", `download ${imageLabel(key)} from https://${server} into ${dir}`, () =>
    withImageLock(key, "refreshing", async () => {
      const image = await listedImage(server, key);
      const result = await refreshCachedImage(server, image);
      return result.updated
        ? { message: `${imageLabel(key)}: build ${result.build} downloaded`, detail: `build ${result.build} from ${server}${image.path}` }
        : { message: `${imageLabel(key)} already holds the newest build (${result.build})`, detail: `already build ${result.build}` };
    }),
  );
}

/** Removes one image from the cache; containers made from it keep their own copy of the rootfs. */
export async function deleteImage(who: Who, input: unknown): Promise<ActionResult> {
  const r = parsed(imageKeySchema, input);
  if (!r.ok) return r;
  const key: ImageKey = r.value;
  const dir = cachedImageDir(key);
  return audited(who, "delete image", `delete ${dir}`, () =>
    withImageLock(key, "deleting", async () => {
      const { sizeBytes } = await deleteCachedImage(key);
      return { message: `${imageLabel(key)} deleted from the cache (${formatBytes(sizeBytes)} freed)`, detail: `${formatBytes(sizeBytes)} freed` };
    }),
  );
}
