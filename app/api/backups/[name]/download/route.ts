import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { backupNameSchema } from "@/lib/backup-schemas";
import { recordEvent } from "@/server/audit";
import { guarded } from "@/server/auth/next";
import { archivePath, readSidecar } from "@/server/backups/backup-dir";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ name: string }> };

/**
 * The archive, streamed, with its size and SHA-256 (X-Checksum-SHA256, and
 * Digest as RFC 3230 says). Admins only: a backup holds everything in the
 * container, its secrets too. Each download is an audit row.
 */
export const GET = guarded<Ctx>("admin", "download backup", async (_req, actor, { params }) => {
  const parsed = backupNameSchema.safeParse((await params).name);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const name = parsed.data;
  const [info, sidecar] = await Promise.all([stat(archivePath(name)).catch(() => null), readSidecar(name)]);
  if (!info || !sidecar) return Response.json({ error: `There is no backup ${name}.` }, { status: 404 });
  await recordEvent({
    actor: actor.name,
    address: actor.address,
    action: "download backup",
    container: sidecar.manifest.container,
    command: `GET ${archivePath(name)}`,
    outcome: "ok",
    detail: `${info.size} bytes, SHA-256 ${sidecar.sha256}`,
  });
  const body = Readable.toWeb(createReadStream(archivePath(name))) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": "application/zstd",
      "content-length": String(info.size),
      "content-disposition": `attachment; filename="${name}.tar.zst"`,
      "x-checksum-sha256": sidecar.sha256,
      digest: `sha-256=${Buffer.from(sidecar.sha256, "hex").toString("base64")}`,
      "cache-control": "no-store",
    },
  });
});
