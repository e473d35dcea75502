import type { SubordinateRange } from "@/lib/host-subordinate-ids";
import { configEntries, parseContainerConfig } from "../lxc/parse-container-config";
import type { IdMapEntry } from "../lxc/types";

/**
 * What a user's default.conf gives the containers it creates: the id maps
 * and the network devices (lxc.net.N.type / lxc.net.N.link pairs).
 */
export interface DefaultConfFacts {
  idmap: IdMapEntry[];
  nets: Array<{ index: string; type: string | null; link: string | null }>;
}

export function defaultConfFacts(text: string): DefaultConfFacts {
  const nets = new Map<string, { index: string; type: string | null; link: string | null }>();
  for (const { key, value } of configEntries(text)) {
    const m = /^lxc\.net\.(\d+)\.(type|link)$/.exec(key);
    if (!m) continue;
    const net = nets.get(m[1]!) ?? { index: m[1]!, type: null, link: null };
    net[m[2] as "type" | "link"] = value;
    nets.set(m[1]!, net);
  }
  return { idmap: parseContainerConfig(text).idmap, nets: [...nets.values()] };
}

function inside(entry: IdMapEntry, ranges: readonly SubordinateRange[]): boolean {
  return ranges.some((r) => entry.hostId >= r.start && entry.hostId + entry.count <= r.start + r.count);
}

function idmapWords(e: IdMapEntry): string {
  return `${e.kind} ${e.containerId} ${e.hostId} ${e.count}`;
}

/**
 * What is wrong with a default.conf for a user with these subordinate
 * ranges: each kind needs a map for container id 0, every map must lie in the
 * user's ranges (newuidmap refuses others), and one veth must be on `bridge`.
 * An empty list means it is right.
 */
export function defaultConfProblems(
  facts: DefaultConfFacts,
  ranges: { uids: readonly SubordinateRange[]; gids: readonly SubordinateRange[] },
  bridge: string,
): string[] {
  const problems: string[] = [];
  for (const [kind, own, word] of [
    ["u", ranges.uids, "user"],
    ["g", ranges.gids, "group"],
  ] as const) {
    const maps = facts.idmap.filter((e) => e.kind === kind);
    if (!maps.some((e) => e.containerId === 0)) problems.push(`no lxc.idmap = ${kind} 0 … line`);
    for (const e of maps.filter((m) => !inside(m, own))) problems.push(`lxc.idmap = ${idmapWords(e)} is outside the sub-${word} range`);
  }
  if (!facts.nets.some((n) => n.type === "veth" && n.link === bridge)) problems.push(`no veth on ${bridge}`);
  return problems;
}

/** "veth on lxcbr0, lxc.idmap u 0 200000 65536, g 0 200000 65536" */
export function defaultConfSummary(facts: DefaultConfFacts): string {
  const nets = facts.nets.map((n) => `${n.type ?? "?"}${n.link ? ` on ${n.link}` : ""}`);
  const maps = facts.idmap.map(idmapWords);
  return [nets.length > 0 ? nets.join(", ") : "no network", maps.length > 0 ? `lxc.idmap ${maps.join(", ")}` : "no lxc.idmap"].join(", ");
}
