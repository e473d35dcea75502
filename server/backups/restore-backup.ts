import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, chown, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough, Transform } from "node:stream";
import type { IdMapEntry } from "@/lib/container-types";
import type { HalfRestored } from "@/lib/backup-types";
import { formatBytes } from "@/lib/format-units";
import {
  ArchiveRefused,
  CommandFailed,
  containerDir,
  containerExists,
  ContainerExists,
  freeBytes,
  InvalidOption,
  lxcPath,
  OperationCancelled,
  removeTree,
  runTool,
  runToolPiped,
  validContainerName,
  withContainerLock,
  type OutputStream,
} from "../lxc";
import { processIsRoot } from "../host/host-user";
import { archivePath, exists, readSidecar } from "./backup-dir";
import { scanArchive, type ScannedArchive } from "./archive-scan";
import { inUserNamespace, restoreIdmap } from "./id-maps";
import type { Sidecar } from "./manifest";
import { rewriteConfig } from "./rewrite-config";
import { sealHolds } from "./seal";
import { checkpointBytes, tarExtractArgv } from "./tar-argv";

/** Left in a container directory while it is being restored; gone once its config is in place. */
export const RESTORE_MARKER = ".lxcd-restoring";
/** Bytes read from the archive at a time. */
const READ_CHUNK = 1 << 20;
/** Room kept free beyond what the archive unpacks to. */
const FREE_MARGIN = 1.05;

export interface RestoreHooks {
  onLine(line: string, stream: OutputStream): void;
  progress(done: number, total: number | null): void;
  signal: AbortSignal;
}

export interface RestorePlan {
  backup: string;
  newName: string;
  archive: string;
  dir: string;
  sidecar: Sidecar | null;
  sealed: boolean;
  /** The source's map (empty: privileged), from the sidecar or the archive's own manifest. */
  sourceIdmap: IdMapEntry[];
  targetIdmap: IdMapEntry[];
  tarArgv: string[];
}

/** Checks the request before anything runs: the new name free, the archive there, a privileged one only as root. */
export async function planRestore(backup: string, newName: string): Promise<RestorePlan> {
  validContainerName(newName);
  const archive = archivePath(backup);
  if (!(await exists(archive))) throw new InvalidOption("backup", `There is no backup ${backup} in the backup directory.`);
  if (await containerExists(newName)) throw new ContainerExists(newName);
  const dir = containerDir(newName);
  if (await exists(dir)) throw new InvalidOption("name", `${dir} is in the way (a half-restored container?); remove it first.`);
  const sidecar = await readSidecar(backup);
  const sealed = sidecar ? await sealHolds(sidecar) : false;
  // Without a sidecar (an archive copied in), its own manifest says whose ids it holds: read the head now, so
  // the command (in the user namespace or not) is known before anything runs. Every member is checked later.
  const sourceIdmap = sidecar?.manifest.idmap ?? (await scanArchive(createReadStream(archive), undefined, { headOnly: true })).manifest.idmap;
  if (sourceIdmap.length === 0 && !processIsRoot()) {
    throw new InvalidOption("backup", "This is a privileged container's backup; only a dashboard running as root can restore it.");
  }
  const targetIdmap = sourceIdmap.length > 0 ? await restoreIdmap(sourceIdmap) : [];
  return { backup, newName, archive, dir, sidecar, sealed, sourceIdmap, targetIdmap, tarArgv: inUserNamespace(targetIdmap, tarExtractArgv(dir)) };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * What the archive holds, before anything is written: a sealed one (made or
 * checked by this dashboard) is read only to its config; any other is read
 * member by member and refused at the first that may not be restored.
 */
async function inspect(plan: RestorePlan, hooks: RestoreHooks): Promise<{ scanned: ScannedArchive; sha256: string | null; contentBytes: number }> {
  if (plan.sealed && plan.sidecar) {
    const scanned = await scanArchive(createReadStream(plan.archive), hooks.signal, { headOnly: true });
    return { scanned, sha256: plan.sidecar.sha256, contentBytes: plan.sidecar.contentBytes };
  }
  hooks.onLine(`Checking every member of ${path.basename(plan.archive)} (it was not made or checked by this dashboard)`, "stdout");
  const [scanned, sha256] = await Promise.all([scanArchive(createReadStream(plan.archive), hooks.signal), hashFile(plan.archive)]);
  return { scanned, sha256, contentBytes: scanned.contentBytes };
}

/**
 * The new container directory, as lxc-create leaves one: as root, owned by
 * the root of the map it will run under; as a regular user, the user's own
 * (the config is written there last), with rootfs/ made beforehand and owned
 * by the map's root, so that tar in the user namespace can fill it.
 */
async function makeContainerDir(dir: string, idmap: readonly IdMapEntry[], backup: string): Promise<void> {
  await mkdir(dir);
  await chmod(dir, 0o770);
  await writeFile(path.join(dir, RESTORE_MARKER), JSON.stringify({ backup, startedAt: new Date().toISOString() }));
  const root = (kind: "u" | "g") => idmap.find((e) => e.kind === kind && e.containerId === 0)?.hostId;
  const [uid, gid] = [root("u"), root("g")];
  if (uid === undefined || gid === undefined) return;
  if (processIsRoot()) return chown(dir, uid, gid);
  // tar, as the namespace's root, opens the user's directory (-C) to fill rootfs/: 0755, as lxc-create makes it.
  await chmod(dir, 0o755);
  const rootfs = path.join(dir, "rootfs");
  await mkdir(rootfs, { mode: 0o755 });
  // A regular user cannot chown to a subordinate id; root of a namespace holding both can.
  const me = { uid: process.getuid!(), gid: process.getgid!() };
  const argv = ["lxc-usernsexec", "-m", `u:0:${uid}:1`, "-m", `g:0:${gid}:1`, "-m", `u:1:${me.uid}:1`, "-m", `g:1:${me.gid}:1`, "--", "chown", "0:0", rootfs];
  const r = await runTool(argv);
  if (r.exitCode !== 0) throw new CommandFailed(argv, r.exitCode, r.stderr);
}

/** Removes a container directory the restore made (through the namespace when a regular user cannot). */
export async function removeRestoredDir(dir: string, idmap: readonly IdMapEntry[]): Promise<void> {
  if (processIsRoot() || idmap.length === 0) return removeTree(dir);
  const r = await runTool(inUserNamespace(idmap, ["rm", "-rf", "--one-file-system", dir]));
  if (r.exitCode !== 0) await removeTree(dir);
}

/**
 * Restores a backup into a new container: looked at first (refused before
 * anything is written), then the directory made with a marker, the archive
 * fed to GNU tar (in the new map's user namespace: ids land on this host's
 * range) while it is hashed, the checksum compared, the config rewritten and
 * written last, the marker removed. Until then the directory has no config,
 * so nothing lists or starts it; a failure or cancel removes it, and a kill
 * leaves it for the Backups page to report and remove.
 */
export function restoreBackup(plan: RestorePlan, hooks: RestoreHooks): Promise<void> {
  return withContainerLock(plan.newName, "restoring", async () => {
    if (await containerExists(plan.newName)) throw new ContainerExists(plan.newName);
    const { scanned, sha256, contentBytes } = await inspect(plan, hooks);
    const free = await freeBytes(lxcPath());
    if (free !== null && contentBytes * FREE_MARGIN > free) {
      throw new ArchiveRefused(`it unpacks to about ${formatBytes(contentBytes)} and ${lxcPath()} has ${formatBytes(free)} free`);
    }
    if (JSON.stringify(scanned.manifest.idmap) !== JSON.stringify(plan.sourceIdmap)) {
      throw new ArchiveRefused("its manifest changed since the restore was asked for");
    }
    const idmap = plan.targetIdmap;
    await makeContainerDir(plan.dir, idmap, plan.backup);
    try {
      await extract(plan, sha256, hooks);
      const oldDir = path.join(scanned.manifest.lxcpath, scanned.manifest.container);
      const config = rewriteConfig(scanned.configText, { oldDir, newDir: plan.dir, newName: plan.newName, idmap: idmap.length ? idmap : null });
      const temporary = path.join(plan.dir, ".config.partial");
      await writeFile(temporary, config, { mode: 0o640 });
      await rename(temporary, path.join(plan.dir, "config"));
      await rm(path.join(plan.dir, RESTORE_MARKER), { force: true });
    } catch (err) {
      hooks.onLine(`Removing the half-restored ${plan.dir}`, "stderr");
      await removeRestoredDir(plan.dir, idmap).catch(() => hooks.onLine(`Could not remove ${plan.dir}; remove it from the Backups page`, "stderr"));
      throw err;
    }
  });
}

async function extract(plan: RestorePlan, sha256: string | null, hooks: RestoreHooks): Promise<void> {
  const size = (await stat(plan.archive)).size;
  const hash = createHash("sha256");
  let read = 0;
  const tap = new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      read += chunk.length;
      hooks.progress(read, size);
      done(null, chunk);
    },
  });
  const result = await runToolPiped(plan.tarArgv, {
    // Large reads: every chunk passes through this process to be hashed, and fewer chunks cost less.
    stdin: createReadStream(plan.archive, { highWaterMark: READ_CHUNK }).pipe(tap),
    stdout: new PassThrough().resume(),
    signal: hooks.signal,
    onLine: (line) => {
      if (checkpointBytes(line) === null) hooks.onLine(line, "stderr");
    },
  }).catch((err: unknown) => {
    if (hooks.signal.aborted) throw new OperationCancelled(`restoring ${plan.backup}`);
    throw err;
  });
  if (hooks.signal.aborted) throw new OperationCancelled(`restoring ${plan.backup}`);
  if (result.exitCode !== 0) throw new CommandFailed(plan.tarArgv, result.exitCode, result.stderr);
  const actual = hash.digest("hex");
  if (sha256 !== null && actual !== sha256) throw new ArchiveRefused(`its SHA-256 is ${actual}, not ${sha256}: it changed since it was checked`);
}

/** Container directories a restore left behind (the dashboard was stopped mid-way): no config, our marker. */
export async function listHalfRestored(): Promise<HalfRestored[]> {
  const root = lxcPath();
  const names = await readdir(root).catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (name) => {
      const marker = await readFile(path.join(root, name, RESTORE_MARKER), "utf8").catch(() => null);
      if (marker === null || (await exists(path.join(root, name, "config")))) return null;
      const since = (() => {
        try {
          return String((JSON.parse(marker) as { startedAt?: unknown }).startedAt ?? "");
        } catch {
          return "";
        }
      })();
      return { name, dir: path.join(root, name), since };
    }),
  );
  return found.filter((h): h is HalfRestored => h !== null);
}
