import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { dataDir } from "../database-url";
import { HostSetupMissing } from "./errors";

/** A subordinate id range from /etc/subuid or /etc/subgid. */
export interface SubordinateRange {
  start: number;
  count: number;
}

/** Ids a container maps: 0..65535 covers every distribution's users (nobody is 65534). */
const MAPPED_IDS = 65536;
const DEFAULT_RANGE = "100000-165535";

/** The first range of `user` (by name or by uid) in a subuid/subgid file's text; null when it has none. */
export function findSubordinateRange(fileText: string, user: { name: string; uid: number }): SubordinateRange | null {
  for (const line of fileText.split("\n")) {
    const [owner, start, count] = line.trim().split(":");
    if (owner !== user.name && owner !== String(user.uid)) continue;
    if (!/^\d+$/.test(start ?? "") || !/^[1-9]\d*$/.test(count ?? "")) continue;
    return { start: Number(start), count: Number(count) };
  }
  return null;
}

/** The config lxc-create -f takes for an unprivileged container: veth on lxcbr0 and the idmap. */
export function unprivilegedConfigText(uids: SubordinateRange, gids: SubordinateRange): string {
  return [
    "# Written by LXC Dashboard: the base config of its unprivileged containers.",
    "lxc.net.0.type = veth",
    "lxc.net.0.link = lxcbr0",
    "lxc.net.0.flags = up",
    `lxc.idmap = u 0 ${uids.start} ${Math.min(uids.count, MAPPED_IDS)}`,
    `lxc.idmap = g 0 ${gids.start} ${Math.min(gids.count, MAPPED_IDS)}`,
    "",
  ].join("\n");
}

async function rangeOf(kind: "uid" | "gid", user: { name: string; uid: number }): Promise<SubordinateRange> {
  const file = `/etc/sub${kind}`;
  const text = await readFile(file, "utf8").catch(() => "");
  const range = findSubordinateRange(text, user);
  if (!range) {
    throw new HostSetupMissing(
      `user ${user.name} has no subordinate ${kind} range in ${file}, which unprivileged containers need`,
      `usermod --add-subuids ${DEFAULT_RANGE} --add-subgids ${DEFAULT_RANGE} ${user.name}`,
    );
  }
  return range;
}

/**
 * Writes `<DATA_DIR>/unprivileged.conf` from the running user's subordinate
 * ranges (only when its content changes, via a rename so lxc-create never
 * reads half a file) and returns its path and content.
 */
export async function ensureUnprivilegedConfig(): Promise<{ path: string; content: string }> {
  const { username, uid } = userInfo();
  const user = { name: username, uid };
  const content = unprivilegedConfigText(await rangeOf("uid", user), await rangeOf("gid", user));
  const file = path.join(dataDir(), "unprivileged.conf");
  const current = await readFile(file, "utf8").catch(() => null);
  if (current !== content) {
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temporary, content, { mode: 0o644 });
    await rename(temporary, file);
  }
  return { path: file, content };
}
