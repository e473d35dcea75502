import { createHash } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { defaultBackupName, type CreateBackupRequest, type RunningMode } from "@/lib/backup-schemas";
import {
  actionArgv,
  CommandFailed,
  containerConfigPath,
  containerExists,
  containerInfo,
  ContainerNotFound,
  diskUsage,
  DiskFull,
  InvalidOption,
  lxcPath,
  OperationCancelled,
  parseContainerConfig,
  rootfsOf,
  runTool,
  runToolPiped,
  withContainerLock,
  type OutputStream,
} from "../lxc";
import { archiveHead } from "./archive-head";
import { archivePath, backupDir, ensureBackupDir, exists, partialPath, partialsInUse, sidecarPath, writeFileAtomically } from "./backup-dir";
import { inUserNamespace, requireMappable } from "./id-maps";
import { MANIFEST_FORMAT, type Manifest, type Sidecar } from "./manifest";
import { seal } from "./seal";
import { checkpointBytes, tarCreateArgv } from "./tar-argv";

export interface BackupHooks {
  onLine(line: string, stream: OutputStream): void;
  progress(done: number, total: number | null): void;
  signal: AbortSignal;
}

/** Everything decided before a backup runs: the audit row shows `commands` before anything is spawned. */
export interface BackupPlan {
  name: string;
  container: string;
  manifest: Manifest;
  configText: string;
  tarArgv: string[];
  /** What happens to a running container around the copy; null when it is stopped. */
  mode: RunningMode | null;
  /** The exact commands, in order (stop/freeze and start/unfreeze around the tar when they happen). */
  commands: string[][];
}

/** Which commands bracket the copy of a running container. */
function bracket(container: string, mode: RunningMode | null): { before: string[][]; after: string[][] } {
  if (mode === "stop") return { before: [actionArgv("stop", container)], after: [actionArgv("start", container)] };
  if (mode === "freeze") return { before: [actionArgv("freeze", container)], after: [actionArgv("unfreeze", container)] };
  return { before: [], after: [] };
}

/** Checks the request against the container and the directory; throws InvalidOption (with its field) for what cannot be done. */
export async function planBackup(container: string, request: CreateBackupRequest, at: Date, scheduleId: number | null = null): Promise<BackupPlan> {
  if (!(await containerExists(container))) throw new ContainerNotFound(container);
  const rootfs = await rootfsOf(container);
  if (!rootfs.dir) {
    throw new InvalidOption("store", `${container}'s rootfs is on ${rootfs.store}; backups read a directory rootfs (clone it to one first: lxc-copy -B dir)`);
  }
  const configText = await readFile(containerConfigPath(container), "utf8");
  const idmap = parseContainerConfig(configText).idmap;
  await requireMappable(idmap);
  const name = request.name ?? defaultBackupName(container, at);
  await ensureBackupDir();
  if (await exists(archivePath(name))) throw new InvalidOption("name", `A backup named ${name} already exists.`);

  const [{ state }, rootfsBytes] = await Promise.all([containerInfo(container), diskUsage(rootfs.dir)]);
  const running = state !== "STOPPED";
  if (running && !request.whileRunning) throw new InvalidOption("whileRunning", `${container} is running: choose whether to stop it, freeze it or copy it as it runs.`);
  const mode = running ? request.whileRunning! : null;
  if (state === "FROZEN" && mode !== "live") throw new InvalidOption("whileRunning", `${container} is frozen; unfreeze it first, or copy it as it is.`);

  const tarArgv = inUserNamespace(idmap, tarCreateArgv(rootfs.dir));
  const { before, after } = bracket(container, mode);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    container,
    createdAt: at.toISOString(),
    comment: request.comment,
    lxcpath: lxcPath(),
    idmap,
    ids: idmap.length > 0 ? "container" : "host",
    rootfsBytes: rootfsBytes ?? 0,
    scheduleId,
  };
  return { name, container, manifest, configText, tarArgv, mode, commands: [...before, tarArgv, ...after] };
}

/** Runs a bracket command (lxc-stop, lxc-freeze…) and fails loudly if it does. */
async function runOrThrow(argv: string[]): Promise<void> {
  const r = await runTool(argv);
  if (r.exitCode !== 0) throw new CommandFailed(argv, r.exitCode, r.stderr);
}

/**
 * Writes the backup: .NAME.tar.zst.partial (the head frame, then GNU tar's
 * rootfs frame, which tar's zstd writes straight into the file: no copy
 * through this process), hashed as it grows, synced, then the sidecar, then the rename
 * to NAME.tar.zst. A failure, a cancel or a full disk removes the partial
 * file; the container is started or unfrozen again whatever happened.
 */
export function writeBackup(plan: BackupPlan, hooks: BackupHooks): Promise<Sidecar> {
  return withContainerLock(plan.container, "backing up", async () => {
    const { before, after } = bracket(plan.container, plan.mode);
    for (const argv of before) {
      hooks.onLine(`Running ${argv[0]} for the copy`, "stdout");
      await runOrThrow(argv);
    }
    try {
      return await writeArchive(plan, hooks);
    } finally {
      for (const argv of after) {
        hooks.onLine(`Running ${argv[0]} again`, "stdout");
        await runOrThrow(argv);
      }
    }
  });
}

/**
 * SHA-256 of a file another process is appending to, read as it grows (from
 * the page cache, just behind the writer, so the hashing overlaps the
 * compression instead of following it), to its end once `writing` settled.
 */
async function hashAsWritten(file: string, writing: Promise<unknown>): Promise<{ sha256: string; bytes: number }> {
  let ended = false;
  const settled = writing.then(
    () => (ended = true),
    () => (ended = true),
  );
  const handle = await open(file, "r");
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let at = 0;
  try {
    for (;;) {
      // Read at EOF after the writer was done: then nothing more can come.
      const last = ended;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead > 0) {
        hash.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
      } else if (last) {
        break;
      } else {
        await Promise.race([settled, new Promise((r) => setTimeout(r, 50))]);
      }
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest("hex"), bytes: at };
}

/** "No space left on device" from tar or its zstd: the cause, whatever else they say. */
const NO_SPACE = /No space left on device|Disk quota exceeded/;

async function writeArchive(plan: BackupPlan, hooks: BackupHooks): Promise<Sidecar> {
  const partial = partialPath(plan.name);
  partialsInUse().add(partial);
  await rm(partial, { force: true });
  // The partial is the dashboard's own (0600, O_EXCL, in its 0700 directory): what is read back and hashed is what tar wrote.
  const file = await open(partial, "wx", 0o600);
  let streamed = 0;
  try {
    // The head frame first; tar inherits the descriptor and appends at its offset.
    await file.write(await archiveHead(plan.manifest, plan.configText));
    const total = plan.manifest.rootfsBytes || null;
    const running = runToolPiped(plan.tarArgv, {
      stdout: file.fd,
      signal: hooks.signal,
      onLine: (line) => {
        const at = checkpointBytes(line);
        if (at === null) return hooks.onLine(line, "stderr");
        streamed = at;
        hooks.progress(Math.min(at, total ?? at), total);
      },
    });
    const hashed = hashAsWritten(partial, running);
    hashed.catch(() => undefined);
    const result = await running;
    if (hooks.signal.aborted) throw new OperationCancelled(`the backup of ${plan.container}`);
    if (NO_SPACE.test(result.stderr)) throw Object.assign(new Error("No space left on device"), { code: "ENOSPC" });
    // GNU tar's 1 on create: a file changed as it was read — expected when copying a running container.
    const acceptable = result.exitCode === 0 || (result.exitCode === 1 && plan.mode === "live");
    if (!acceptable) throw new CommandFailed(plan.tarArgv, result.exitCode, result.stderr);
    const [{ sha256, bytes: hashedBytes }] = await Promise.all([hashed, file.sync()]);
    const { size: bytes } = await file.stat();
    await file.close();
    if (hashedBytes !== bytes) throw new Error(`${partial}: ${hashedBytes} bytes hashed, ${bytes} written`);
    const sealed = await seal({
      manifest: plan.manifest,
      sha256,
      bytes,
      contentBytes: Math.max(streamed, plan.manifest.rootfsBytes),
    });
    await writeFileAtomically(sidecarPath(plan.name), `${JSON.stringify(sealed, null, 2)}\n`);
    await rename(partial, archivePath(plan.name));
    return sealed;
  } catch (err) {
    const written = (await file.stat().catch(() => null))?.size ?? 0;
    await file.close().catch(() => undefined);
    await rm(partial, { force: true });
    if (hooks.signal.aborted) throw new OperationCancelled(`the backup of ${plan.container}`);
    if ((err as NodeJS.ErrnoException).code === "ENOSPC") {
      throw new DiskFull(backupDir(), `the backup of ${plan.container} stopped after ${written} bytes and the partial archive was removed`);
    }
    throw err;
  } finally {
    partialsInUse().delete(partial);
  }
}
