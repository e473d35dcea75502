import { readdir } from "node:fs/promises";
import path from "node:path";
import {
  CommandFailed,
  containerDir,
  containerExists,
  containerInfo,
  ContainerExists,
  ContainerNotFound,
  InvalidOption,
  OperationCancelled,
  removeHalfMadeContainer,
  removeTree,
  runTool,
  startContainer,
  stopContainer,
  withContainerLock,
  withContainerLocks,
  type OutputStream,
} from "../lxc";
import { parseSnapshotList, type ListedSnapshot } from "./parse-snapshot-list";
import { createSnapshotArgv, deleteSnapshotArgv, listSnapshotsArgv, restoreSnapshotArgv } from "./snapshot-argv";

/**
 * Snapshots through lxc-snapshot, one operation at a time per container (its
 * lock). lxc-snapshot refuses a running container, so a caller that confirmed
 * it passes stopFirst: the container is stopped cleanly, snapshotted or
 * restored, and started again when it was running (snapshot) or when asked
 * (restore).
 */

export interface SnapshotHooks {
  onLine(line: string, stream: OutputStream): void;
  signal: AbortSignal;
}

export async function listSnapshots(name: string): Promise<ListedSnapshot[]> {
  const argv = listSnapshotsArgv(name);
  const result = await runTool(argv);
  if (result.exitCode === 0) return parseSnapshotList(result.stdout);
  if (!(await containerExists(name))) throw new ContainerNotFound(name);
  throw new CommandFailed(argv, result.exitCode, result.stderr);
}

/** Whether the container runs now (RUNNING, STARTING…); a frozen one must be unfrozen by its owner first. */
async function isRunning(name: string): Promise<boolean> {
  const { state } = await containerInfo(name);
  if (state === "FROZEN") throw new InvalidOption("stopFirst", `${name} is frozen; unfreeze it first.`);
  return state !== "STOPPED";
}

export function runningRefusal(name: string, what: string): InvalidOption {
  return new InvalidOption("stopFirst", `${name} is running; ${what} needs it stopped, so confirm stopping it first.`);
}

const snapsDir = (name: string) => path.join(containerDir(name), "snaps");

async function snapshotEntries(name: string): Promise<Set<string>> {
  return new Set(await readdir(snapsDir(name)).catch(() => [] as string[]));
}

/** Whatever a cancelled or failed lxc-snapshot left in snaps/: lxc-snapshot -d first, then the directory itself. */
async function removeNewSnapshots(name: string, before: Set<string>, hooks: SnapshotHooks): Promise<void> {
  for (const entry of await snapshotEntries(name)) {
    if (before.has(entry) || !/^snap\d+$/.test(entry)) continue;
    hooks.onLine(`Removing the unfinished snapshot ${entry}`, "stderr");
    await runTool(deleteSnapshotArgv(name, entry));
    await removeTree(path.join(snapsDir(name), entry)).catch(() => undefined);
  }
}

/** Runs one lxc-snapshot command under the caller's lock; throws OperationCancelled or CommandFailed. */
async function runSnapshotTool(argv: string[], hooks: SnapshotHooks, what: string): Promise<void> {
  const result = await runTool(argv, { onLine: hooks.onLine, signal: hooks.signal });
  if (hooks.signal.aborted) throw new OperationCancelled(what);
  if (result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
}

/** Stops the container when it runs (refused unless `stopFirst`), runs `work`, and starts it again when `restart(wasRunning)` says so. */
async function whileStopped<T>(
  name: string,
  options: { stopFirst: boolean; what: string; restart: (wasRunning: boolean) => boolean },
  hooks: SnapshotHooks,
  work: () => Promise<T>,
): Promise<T> {
  const wasRunning = await isRunning(name);
  if (wasRunning && !options.stopFirst) throw runningRefusal(name, options.what);
  if (wasRunning) {
    hooks.onLine(`Stopping ${name} (lxc-stop) for ${options.what}`, "stdout");
    await stopContainer(name);
  }
  try {
    return await work();
  } finally {
    if (options.restart(wasRunning)) {
      hooks.onLine(`Starting ${name} again (lxc-start)`, "stdout");
      await startContainer(name);
    }
  }
}

/** Makes a snapshot; returns its name (snap0, snap1…). */
export function makeSnapshot(
  name: string,
  options: { commentFile: string | null; stopFirst: boolean },
  hooks: SnapshotHooks,
): Promise<string> {
  const what = `the snapshot of ${name}`;
  return withContainerLock(name, "snapshotting", async () => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    const before = await snapshotEntries(name);
    return whileStopped(name, { stopFirst: options.stopFirst, what: "a snapshot", restart: (was) => was }, hooks, async () => {
      try {
        await runSnapshotTool(createSnapshotArgv(name, options.commentFile), hooks, what);
      } catch (err) {
        await removeNewSnapshots(name, before, hooks);
        throw err;
      }
      const made = [...(await snapshotEntries(name))].filter((e) => !before.has(e));
      return made[0] ?? "the snapshot";
    });
  });
}

/** Restores a snapshot over the container itself (stopped first when confirmed; started again when asked). */
export function restoreSnapshotInPlace(
  name: string,
  snapshot: string,
  options: { stopFirst: boolean; startAfter: boolean },
  hooks: SnapshotHooks,
): Promise<void> {
  return withContainerLock(name, "restoring", async () => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    await whileStopped(name, { stopFirst: options.stopFirst, what: "restoring a snapshot", restart: () => options.startAfter }, hooks, () =>
      runSnapshotTool(restoreSnapshotArgv(name, snapshot), hooks, `restoring ${snapshot} of ${name}`),
    );
  });
}

/** Restores a snapshot into a new container `newName` (lxc-snapshot -N); the source may keep running. A failed or cancelled one leaves nothing. */
export function restoreSnapshotAsNew(name: string, snapshot: string, newName: string, hooks: SnapshotHooks): Promise<void> {
  return withContainerLocks([name, newName], "restoring", async () => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    if (await containerExists(newName)) throw new ContainerExists(newName);
    try {
      await runSnapshotTool(restoreSnapshotArgv(name, snapshot, newName), hooks, `restoring ${snapshot} of ${name} as ${newName}`);
    } catch (err) {
      await removeHalfMadeContainer(newName, hooks.onLine);
      throw err;
    }
  });
}

export function deleteSnapshot(name: string, snapshot: string): Promise<void> {
  return withContainerLock(name, "deleting a snapshot", async () => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    const argv = deleteSnapshotArgv(name, snapshot);
    const result = await runTool(argv);
    if (result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
  });
}
