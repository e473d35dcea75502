import { statfs } from "node:fs/promises";
import path from "node:path";
import { runTool } from "./run-tool";

/**
 * Bytes a directory takes on disk (`du -sx -B1`: allocated blocks, one file
 * system); null for a path that is not absolute (lvm:, zfs: ...) or that du
 * cannot read in full.
 */
export async function diskUsage(dir: string): Promise<number | null> {
  if (!path.isAbsolute(dir)) return null;
  const { exitCode, stdout } = await runTool(["du", "-sx", "-B1", dir]);
  const m = /^(\d+)\s/.exec(stdout);
  return exitCode === 0 && m ? Number(m[1]) : null;
}

/** What the file system holding `dir` has free for an unprivileged writer (statfs f_bavail), in bytes; null when it cannot be read. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
