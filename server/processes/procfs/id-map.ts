/**
 * One line of /proc/PID/uid_map or gid_map as a host process reads it:
 * ids [nsStart, nsStart + count) inside the namespace are ids
 * [hostStart, hostStart + count) outside it.
 */
export interface IdMapRange {
  nsStart: number;
  hostStart: number;
  count: number;
}

/** Parses uid_map/gid_map text ("ns_start host_start count" per line, up to 340 lines). */
export function parseIdMap(text: string): IdMapRange[] {
  const ranges: IdMapRange[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3) continue;
    const [nsStart, hostStart, count] = fields.map(Number) as [number, number, number];
    if ([nsStart, hostStart, count].every(Number.isSafeInteger)) ranges.push({ nsStart, hostStart, count });
  }
  return ranges;
}

/**
 * The id inside the namespace of a host id, or null when no range maps it
 * (the container sees it as the overflow id, 65534 "nobody"). A privileged
 * container's map, "0 0 4294967295", gives back the same number.
 */
export function hostIdToNamespaceId(map: readonly IdMapRange[], hostId: number): number | null {
  for (const r of map) {
    if (hostId >= r.hostStart && hostId - r.hostStart < r.count) return r.nsStart + (hostId - r.hostStart);
  }
  return null;
}
