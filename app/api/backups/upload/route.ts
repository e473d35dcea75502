import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { finishAudit, startAudit } from "@/server/audit";
import { guarded } from "@/server/auth/next";
import { backupDir } from "@/server/backups/backup-dir";
import { receiveUpload } from "@/server/backups/upload";
import { isLxcError } from "@/server/lxc";

export const dynamic = "force-dynamic";

/**
 * An archive from the browser, streamed into the backup directory and checked
 * member by member as it arrives (?name=FILE.tar.zst keeps its name when
 * free). Answers { name, sha256, bytes } or { error } with the reason.
 */
export const POST = guarded("admin", "upload backup", async (req, actor) => {
  if (!req.body) return Response.json({ error: "The request has no archive in it." }, { status: 400 });
  const fileName = new URL(req.url).searchParams.get("name");
  const length = req.headers.get("content-length");
  const auditId = await startAudit({ actor: actor.name, address: actor.address, action: "upload backup", command: `upload ${fileName ?? "(unnamed)"} → ${backupDir()}` });
  try {
    const { name, sidecar } = await receiveUpload(Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>), {
      declaredBytes: length && /^\d+$/.test(length) ? Number(length) : null,
      fileName,
      signal: req.signal,
    });
    await finishAudit(auditId, { outcome: "ok", detail: `${name}: ${sidecar.bytes} bytes, SHA-256 ${sidecar.sha256}` });
    return Response.json({ name, container: sidecar.manifest.container, sha256: sidecar.sha256, bytes: sidecar.bytes });
  } catch (err) {
    if (!isLxcError(err)) {
      await finishAudit(auditId, { outcome: "failed", detail: "internal error" });
      throw err;
    }
    await finishAudit(auditId, { outcome: "failed", detail: err.message });
    const status = err.code === "DISK_FULL" ? 507 : 400;
    return Response.json({ error: `The upload ${err.message}` }, { status });
  }
});
