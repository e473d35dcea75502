import type { IdMapEntry } from "./types";

/** What the dashboard reads from a container's own config file. */
export interface ContainerConfigFacts {
  idmap: IdMapEntry[];
  autostart: boolean;
  /** Host path of the rootfs ("dir:" stripped), or the raw value for other backing stores; null when unset. */
  rootfsPath: string | null;
  /** lxc.rootfs.path exactly as written ("dir:/var/lib/lxc/web/rootfs"); null when unset. */
  rawRootfsPath: string | null;
}

/** `key = value` lines; comments and blank lines skipped; a value in double quotes is unquoted. */
export function configEntries(text: string): Array<{ key: string; value: string }> {
  const entries: Array<{ key: string; value: string }> = [];
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z0-9_.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const value = m[2]!.replace(/^"(.*)"$/, "$1");
    entries.push({ key: m[1]!, value });
  }
  return entries;
}

/** "u 0 100000 65536" → an IdMapEntry; null when the line is malformed. */
function readIdMap(value: string): IdMapEntry | null {
  const m = /^([ug])\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(value);
  if (!m) return null;
  return { kind: m[1] as "u" | "g", containerId: Number(m[2]), hostId: Number(m[3]), count: Number(m[4]) };
}

export function parseContainerConfig(text: string): ContainerConfigFacts {
  const entries = configEntries(text);
  const last = (key: string) => entries.filter((e) => e.key === key).at(-1)?.value;
  const rootfs = last("lxc.rootfs.path");
  return {
    idmap: entries
      .filter((e) => e.key === "lxc.idmap")
      .map((e) => readIdMap(e.value))
      .filter((e): e is IdMapEntry => e !== null),
    autostart: last("lxc.start.auto") === "1",
    rootfsPath: rootfs ? rootfs.replace(/^dir:/, "") : null,
    rawRootfsPath: rootfs ?? null,
  };
}
