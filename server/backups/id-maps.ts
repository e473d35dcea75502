import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { parseSubordinateIds, rangesOf } from "@/lib/host-subordinate-ids";
import type { IdMapEntry } from "@/lib/container-types";
import { HostSetupMissing } from "../lxc";

/**
 * A rootfs is read and written through `lxc-usernsexec` with the container's
 * own map: tar then runs as root of a user namespace, sees the ids the
 * container sees (0…65535), can read every file the container owns, and can
 * create exactly the owners the target map allows — for a regular user
 * (non-root mode) as much as for root, and never anything outside the range.
 */

/** `-m u:0:100000:65536 -m g:0:100000:65536`, from lxc.idmap entries. */
export function usernsMapArgs(idmap: readonly IdMapEntry[]): string[] {
  return idmap.flatMap((e) => ["-m", `${e.kind}:${e.containerId}:${e.hostId}:${e.count}`]);
}

/** The argv run inside the map's user namespace; as it is when the map is empty (privileged). */
export function inUserNamespace(idmap: readonly IdMapEntry[], argv: string[]): string[] {
  return idmap.length === 0 ? argv : ["lxc-usernsexec", ...usernsMapArgs(idmap), "--", ...argv];
}

async function subordinateRanges(kind: "uid" | "gid") {
  const { username, uid } = userInfo();
  const text = await readFile(`/etc/sub${kind}`, "utf8").catch(() => "");
  return { ranges: rangesOf(parseSubordinateIds(text), { name: username, uid }), user: username };
}

/** lxc-usernsexec (newuidmap) maps only the running user's own ranges: a container mapped elsewhere cannot be read through it. */
export async function requireMappable(idmap: readonly IdMapEntry[]): Promise<void> {
  for (const e of idmap) {
    const kind = e.kind === "u" ? "uid" : "gid";
    const { ranges, user } = await subordinateRanges(kind);
    const inside = ranges.some((r) => e.hostId >= r.start && e.hostId + e.count <= r.start + r.count);
    if (!inside) {
      throw new HostSetupMissing(
        `the container maps host ${kind}s ${e.hostId}-${e.hostId + e.count - 1}, outside ${user}'s subordinate ranges in /etc/sub${kind}, so its files cannot be read in a user namespace`,
        `usermod --add-sub${kind}s ${e.hostId}-${e.hostId + e.count - 1} ${user}`,
      );
    }
  }
}

/**
 * The map a restored unprivileged container gets: the same container ids,
 * onto the running user's first subordinate ranges (the ids shift when that
 * range differs from the source's).
 */
export async function restoreIdmap(source: readonly IdMapEntry[]): Promise<IdMapEntry[]> {
  const out: IdMapEntry[] = [];
  for (const kind of ["u", "g"] as const) {
    const needed = Math.max(0, ...source.filter((e) => e.kind === kind).map((e) => e.containerId + e.count));
    if (needed === 0) continue;
    const { ranges, user } = await subordinateRanges(kind === "u" ? "uid" : "gid");
    const range = ranges.find((r) => r.count >= needed);
    if (!range) {
      throw new HostSetupMissing(
        `restoring this container needs ${needed} subordinate ${kind === "u" ? "uids" : "gids"} and ${user} has no such range`,
        `usermod --add-sub${kind === "u" ? "uid" : "gid"}s 100000-${100000 + needed - 1} ${user}`,
      );
    }
    out.push({ kind, containerId: 0, hostId: range.start, count: needed });
  }
  return out;
}
