import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { dataDir } from "../database-url";
import { CONTAINER_IDS, parseSubordinateIds, rangesOf, type SubordinateRange } from "@/lib/host-subordinate-ids";
import { HostSetupMissing } from "./errors";

export type { SubordinateRange };

const DEFAULT_RANGE = "100000-165535";

/** The first range of `user` (by name or by uid) in a subuid/subgid file's text; null when it has none. */
export function findSubordinateRange(fileText: string, user: { name: string; uid: number }): SubordinateRange | null {
  return rangesOf(parseSubordinateIds(fileText), user)[0] ?? null;
}

/** The config lxc-create -f takes for an unprivileged container: veth on lxcbr0 and the idmap. */
export function unprivilegedConfigText(uids: SubordinateRange, gids: SubordinateRange): string {
  return [
    "# Written by LXC Dashboard: the base config of its unprivileged containers.",
    "lxc.net.0.type = veth",
    "lxc.net.0.link = lxcbr0",
    "lxc.net.0.flags = up",
    `lxc.idmap = u 0 ${uids.start} ${Math.min(uids.count, CONTAINER_IDS)}`,
    `lxc.idmap = g 0 ${gids.start} ${Math.min(gids.count, CONTAINER_IDS)}`,
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
