import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { BACKUP_EXTENSION, backupNameSchema } from "@/lib/backup-schemas";
import type { BackupView } from "@/lib/backup-types";
import { loadConfig } from "../config/load-config";
import { InvalidOption } from "../lxc";
import { processSingleton } from "../process-singleton";
import { sidecarSchema, type Sidecar } from "./manifest";
import { sealHolds } from "./seal";

/**
 * The backup directory: NAME.tar.zst and NAME.tar.zst.json beside it. An
 * archive is written as .NAME.tar.zst.partial and renamed only once complete
 * and its sidecar (checksum, manifest, seal) is in place, so a half-written
 * archive never carries a listed name; partials left by a killed dashboard
 * are removed at the next start.
 */
export function backupDir(): string {
  return loadConfig().backupDir;
}

export async function ensureBackupDir(): Promise<string> {
  const dir = backupDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function checkedBackupName(name: unknown): string {
  const r = backupNameSchema.safeParse(name);
  if (!r.success) throw new InvalidOption("name", r.error.issues[0]?.message ?? "Invalid backup name.");
  return r.data;
}

export const archivePath = (name: string) => path.join(backupDir(), `${checkedBackupName(name)}${BACKUP_EXTENSION}`);
export const sidecarPath = (name: string) => `${archivePath(name)}.json`;
export const partialPath = (name: string) => path.join(backupDir(), `.${checkedBackupName(name)}${BACKUP_EXTENSION}.partial`);

/** Partial files being written by this process now: never removed as stale. */
export function partialsInUse(): Set<string> {
  return processSingleton("backup-partials", () => new Set<string>());
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Writes a file beside its final name and renames it there, so a reader sees all of it or nothing. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temporary = `${path.join(path.dirname(file), `.${path.basename(file)}`)}.partial`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, file);
}

export async function readSidecar(name: string): Promise<Sidecar | null> {
  const text = await readFile(sidecarPath(name), "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const r = sidecarSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function view(name: string, sidecar: Sidecar, sealed: boolean): BackupView {
  const m = sidecar.manifest;
  return {
    name,
    container: m.container,
    createdAt: m.createdAt,
    comment: m.comment,
    bytes: sidecar.bytes,
    sha256: sidecar.sha256,
    contentBytes: sidecar.contentBytes,
    idmap: m.idmap,
    scheduleId: m.scheduleId,
    sealed,
  };
}

/** Every complete backup in the directory (an archive with its sidecar), newest first; `container` narrows it to one container's. */
export async function listBackups(container?: string): Promise<BackupView[]> {
  const entries = await readdir(backupDir()).catch(() => [] as string[]);
  const names = entries.filter((e) => e.endsWith(BACKUP_EXTENSION) && !e.startsWith(".")).map((e) => e.slice(0, -BACKUP_EXTENSION.length));
  const views = await Promise.all(
    names.map(async (name) => {
      if (!backupNameSchema.safeParse(name).success) return null;
      const sidecar = await readSidecar(name);
      if (!sidecar || (container && sidecar.manifest.container !== container)) return null;
      const size = (await stat(archivePath(name)).catch(() => null))?.size;
      // An archive whose size differs from its sidecar's was changed or cut: not listed as good.
      if (size !== sidecar.bytes) return null;
      return view(name, sidecar, await sealHolds(sidecar));
    }),
  );
  return views.filter((v): v is BackupView => v !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Removes partial archives and uploads that no running operation of this process is writing (left by a kill). */
export async function removeStalePartials(): Promise<string[]> {
  const dir = backupDir();
  const entries = await readdir(dir).catch(() => [] as string[]);
  const stale = entries.filter((e) => e.startsWith(".") && e.endsWith(".partial")).map((e) => path.join(dir, e)).filter((f) => !partialsInUse().has(f));
  await Promise.all(stale.map((f) => rm(f, { force: true })));
  return stale;
}
