/** One snapshot as `lxc-snapshot -L -C` prints it. */
export interface ListedSnapshot {
  name: string;
  /** The directory that holds the snapshots ("/var/lib/lxc/web/snaps"). */
  dir: string;
  createdAt: Date;
  comment: string;
}

// "snap0 (/var/lib/lxc/web/snaps) 2026:11:30 22:13:23": the time is the host's local time.
const HEADER = /^(snap\d+) \((.+)\) (\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)$/;

/**
 * Parses `lxc-snapshot -L -C`: a header line per snapshot, then the lines of
 * its comment file. "No snapshots" (or nothing) means none.
 */
export function parseSnapshotList(stdout: string): ListedSnapshot[] {
  const snapshots: ListedSnapshot[] = [];
  for (const line of stdout.split("\n")) {
    const m = HEADER.exec(line);
    if (m) {
      const [, name, dir, y, mo, d, h, mi, s] = m as unknown as string[];
      const createdAt = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
      snapshots.push({ name: name!, dir: dir!, createdAt, comment: "" });
      continue;
    }
    const last = snapshots.at(-1);
    if (!last || line.trim() === "") continue;
    last.comment = last.comment ? `${last.comment} ${line.trim()}` : line.trim();
  }
  return snapshots;
}
