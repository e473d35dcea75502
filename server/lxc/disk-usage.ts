import { lstat, readdir, statfs } from "node:fs/promises";
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

/**
 * What `du -sx -B1` says of a directory, measured in this process (no tool
 * spawned, for the pages that show it): the allocated blocks of every file,
 * directory and link below it, a hard-linked inode once, not crossing into
 * another file system. A file removed while it is walked (a running
 * container's) is left out; null for a path that is not absolute, or when a
 * directory cannot be read (as du then fails).
 */
export async function treeBytes(dir: string): Promise<number | null> {
  if (!path.isAbsolute(dir)) return null;
  const gone = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === "ENOENT";
  const root = await lstat(dir).catch(() => null);
  if (!root) return null;
  if (!root.isDirectory()) return root.blocks * 512;
  const seen = new Set<number>();
  let total = root.blocks * 512;
  let failed = false;
  const walk = async (at: string): Promise<string[]> => {
    const names = await readdir(at).catch((err: unknown) => {
      if (!gone(err)) failed = true;
      return [] as string[];
    });
    const subdirs: string[] = [];
    await Promise.all(
      names.map(async (name) => {
        const entry = path.join(at, name);
        const st = await lstat(entry).catch((err: unknown) => {
          if (!gone(err)) failed = true;
          return null;
        });
        if (!st || st.dev !== root.dev) return;
        if (st.nlink > 1 && !st.isDirectory()) {
          if (seen.has(st.ino)) return;
          seen.add(st.ino);
        }
        total += st.blocks * 512;
        if (st.isDirectory()) subdirs.push(entry);
      }),
    );
    return subdirs;
  };
  // A few directories at a time: the file system's pace, not one promise per file of the whole tree at once.
  let pending = [dir];
  while (pending.length > 0 && !failed) {
    const batch = pending.splice(0, 8);
    pending = pending.concat(...(await Promise.all(batch.map(walk))));
  }
  return failed ? null : total;
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
