import type { IdMapEntry } from "./container-types";

/** One lxc.idmap line in words: "container uid 0 → host uid 100000 (65536 ids)". */
export function idmapSentence(entry: IdMapEntry): string {
  const id = entry.kind === "u" ? "uid" : "gid";
  const ids = entry.count === 1 ? "1 id" : `${entry.count} ids`;
  return `container ${id} ${entry.containerId} → host ${id} ${entry.hostId} (${ids})`;
}
