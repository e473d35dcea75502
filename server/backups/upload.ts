import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { PassThrough, Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BACKUP_EXTENSION, backupNameSchema, defaultBackupName } from "@/lib/backup-schemas";
import { formatBytes } from "@/lib/format-units";
import { ArchiveRefused, DiskFull, freeBytes } from "../lxc";
import { archivePath, ensureBackupDir, exists, partialsInUse, sidecarPath, writeFileAtomically } from "./backup-dir";
import { scanArchive } from "./archive-scan";
import type { Sidecar } from "./manifest";
import { seal } from "./seal";

/** The name an uploaded archive is kept under: its own file name when that is a free, valid one. */
async function uploadName(fileName: string | null, container: string, createdAt: string): Promise<string> {
  const base = fileName?.endsWith(BACKUP_EXTENSION) ? fileName.slice(0, -BACKUP_EXTENSION.length) : null;
  if (base && backupNameSchema.safeParse(base).success && !(await exists(archivePath(base)))) return base;
  const stem = `${defaultBackupName(container, new Date(createdAt))}-uploaded`;
  for (let i = 0; ; i++) {
    const name = i === 0 ? stem : `${stem}-${i}`;
    if (!(await exists(archivePath(name)))) return name;
  }
}

/**
 * Takes an archive from the browser into the backup directory: written to a
 * partial file as it arrives, hashed, and read member by member at the same
 * time (the same rules as a restore); refused at the first bad member, when
 * it is bigger than the free space, or when it is not a backup of ours — and
 * then nothing stays. A good one gets its sealed sidecar and its name.
 */
export async function receiveUpload(
  body: Readable,
  options: { declaredBytes: number | null; fileName: string | null; signal?: AbortSignal },
): Promise<{ name: string; sidecar: Sidecar }> {
  const dir = await ensureBackupDir();
  const free = await freeBytes(dir);
  if (options.declaredBytes !== null && free !== null && options.declaredBytes > free) {
    throw new ArchiveRefused(`it is ${formatBytes(options.declaredBytes)} and the backup directory has ${formatBytes(free)} free`);
  }
  const partial = path.join(dir, `.upload-${randomBytes(6).toString("hex")}${BACKUP_EXTENSION}.partial`);
  partialsInUse().add(partial);
  const hash = createHash("sha256");
  let bytes = 0;
  const toScan = new PassThrough();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (toScan.write(chunk)) done(null, chunk);
      else toScan.once("drain", () => done(null, chunk));
    },
    flush(done) {
      toScan.end();
      done();
    },
  });
  const abort = new AbortController();
  options.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  try {
    const scanning = scanArchive(toScan, abort.signal);
    const writing = pipeline(body, tap, createWriteStream(partial, { flags: "wx", mode: 0o600 }), { signal: abort.signal });
    // A refusal stops the upload at once; a failed write stops the scan.
    const [scanned] = await Promise.all([
      scanning.catch((err: unknown) => {
        abort.abort();
        throw err;
      }),
      writing.catch((err: unknown) => {
        abort.abort();
        toScan.destroy();
        throw err;
      }),
    ]);
    const name = await uploadName(options.fileName, scanned.manifest.container, scanned.manifest.createdAt);
    const sidecar = await seal({ manifest: scanned.manifest, sha256: hash.digest("hex"), bytes, contentBytes: scanned.contentBytes });
    await writeFileAtomically(sidecarPath(name), `${JSON.stringify(sidecar, null, 2)}\n`);
    await rename(partial, archivePath(name));
    return { name, sidecar };
  } catch (err) {
    await rm(partial, { force: true });
    if ((err as NodeJS.ErrnoException).code === "ENOSPC") throw new DiskFull(dir, "the upload was stopped and its partial file removed");
    throw err;
  } finally {
    partialsInUse().delete(partial);
  }
}
