/** /etc/subuid and /etc/subgid: "owner:start:count" lines, owner a user name or a uid. */

export interface SubordinateEntry {
  owner: string;
  start: number;
  count: number;
}

/** A subordinate id range from /etc/subuid or /etc/subgid. */
export interface SubordinateRange {
  start: number;
  count: number;
}

/** Ids an unprivileged container maps: 0..65535 covers every distribution's users (nobody is 65534). */
export const CONTAINER_IDS = 65536;
/** Where the ranges tools like useradd hand out begin. */
const FIRST_SUBORDINATE_ID = 100000;

/** Every well-formed line; comments, blanks and malformed lines are skipped. */
export function parseSubordinateIds(fileText: string): SubordinateEntry[] {
  const entries: SubordinateEntry[] = [];
  for (const line of fileText.split("\n")) {
    const [owner, start, count, extra] = line.trim().split(":");
    if (!owner || owner.startsWith("#") || extra !== undefined) continue;
    if (!/^\d+$/.test(start ?? "") || !/^[1-9]\d*$/.test(count ?? "")) continue;
    entries.push({ owner, start: Number(start), count: Number(count) });
  }
  return entries;
}

/** The ranges of `user` (by name or by uid), in file order. */
export function rangesOf(entries: readonly SubordinateEntry[], user: { name: string; uid: number }): SubordinateRange[] {
  return entries.filter((e) => e.owner === user.name || e.owner === String(user.uid)).map(({ start, count }) => ({ start, count }));
}

/**
 * The first block of `CONTAINER_IDS` ids at or above 100000 that no line of
 * either file uses, so one range serves as both the uid and the gid range.
 */
export function nextFreeBlock(...files: ReadonlyArray<readonly SubordinateEntry[]>): SubordinateRange {
  const taken = files.flat().sort((a, b) => a.start - b.start);
  let start = FIRST_SUBORDINATE_ID;
  for (const e of taken) {
    if (e.start >= start + CONTAINER_IDS) break;
    start = Math.max(start, e.start + e.count);
  }
  return { start, count: CONTAINER_IDS };
}

/** "100000-165535", the form usermod --add-subuids takes. */
export function rangeArgument(range: SubordinateRange): string {
  return `${range.start}-${range.start + range.count - 1}`;
}
