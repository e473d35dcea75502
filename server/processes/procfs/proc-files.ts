import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";

/**
 * Synchronous, allocation-light reads of /proc. A refresh reads a few files
 * for each of hundreds of processes; the sync calls cost a few microseconds
 * each where the promise API costs many times that in CPU, and the callers
 * yield to the event loop between batches of processes.
 */

export const DEFAULT_PROC_ROOT = "/proc";

/** Errors that mean "the process exited between two reads": skip it. */
function isVanished(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ESRCH";
}

let buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * The text of a /proc file, or null when the process is gone. Like procps's
 * file2str, a read shorter than the space offered is the end: /proc files
 * report size 0, so there is nothing to stat. Text past maxBytes is dropped.
 */
export function readProcText(path: string, maxBytes = 64 * 1024): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (error) {
    if (isVanished(error)) return null;
    throw error;
  }
  try {
    if (buffer.length < maxBytes) buffer = Buffer.allocUnsafe(maxBytes);
    let length = 0;
    while (length < maxBytes) {
      const n = readSync(fd, buffer, length, maxBytes - length, null);
      length += n;
      if (n === 0 || length < maxBytes) break;
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    if (isVanished(error)) return null;
    throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * The target of a /proc symlink such as ns/pid ("pid:[4026531836]"), or null
 * when the process is gone or not ours to inspect (EACCES: another user's
 * process, which cannot be in a container this user runs).
 */
export function readProcLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch (error) {
    if (isVanished(error) || (error as NodeJS.ErrnoException).code === "EACCES") return null;
    throw error;
  }
}

/** The PIDs of all processes (thread-group leaders; threads are not listed). */
export function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const first = name.charCodeAt(0);
    if (first >= 48 && first <= 57) pids.push(Number(name));
  }
  return pids;
}

/**
 * A small regular file inside a container's root, e.g. its /etc/passwd read
 * through /proc/INIT/root, or null when absent. The container's root user
 * controls that tree, so: no following a final symlink (which resolves
 * against the host's root, not the container's), no FIFOs or devices (a read
 * would block or never end), a size cap, and an lstat of each directory on the
 * way so a symlinked /etc is refused. A directory swapped for a symlink between
 * the lstat and the open can still redirect the read to a host file; what is
 * shown from it is only user names.
 */
export function readContainerFile(rootPath: string, relativePath: string, maxBytes = 1024 * 1024): string | null {
  const parts = relativePath.split("/").filter(Boolean);
  let path = rootPath;
  for (const dir of parts.slice(0, -1)) {
    path = `${path}/${dir}`;
    try {
      if (!lstatSync(path).isDirectory()) return null;
    } catch (error) {
      if (isVanished(error) || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
      throw error;
    }
  }
  path = `${path}/${parts.at(-1)}`;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isVanished(error) || code === "ELOOP" || code === "ENOTDIR") return null;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < stat.size) {
      const n = readSync(fd, bytes, length, stat.size - length, null);
      if (n === 0) break;
      length += n;
    }
    return bytes.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}
