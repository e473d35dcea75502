/**
 * /etc/lxc/lxc-usernet (how many network devices of which type on which
 * bridge a user or @group may create through lxc-user-nic) and
 * /run/lxc/nics (lxc-user-nic's record of the devices it made).
 */

export interface UsernetEntry {
  /** A user name, or a group name when `group` is true (written "@name" in the file). */
  owner: string;
  group: boolean;
  type: string;
  link: string;
  count: number;
}

/** "USER veth lxcbr0 10" / "@GROUP veth lxcbr0 10" lines; comments and malformed lines skipped. */
export function parseUsernet(fileText: string): UsernetEntry[] {
  const entries: UsernetEntry[] = [];
  for (const raw of fileText.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^(@?)(\S+)\s+(\S+)\s+(\S+)\s+(\d+)$/.exec(line);
    if (!m) continue;
    entries.push({ owner: m[2]!, group: m[1] === "@", type: m[3]!, link: m[4]!, count: Number(m[5]) });
  }
  return entries;
}

export interface UsernetQuota {
  /** Devices the user may have at once: the sum of every line that applies. */
  count: number;
  /** The lines that apply, as written in the file. */
  lines: string[];
}

/** The quota of `user` (who is in `groups`) for devices of `type` on `link`. */
export function usernetQuota(
  entries: readonly UsernetEntry[],
  user: { name: string; groups: readonly string[] },
  type: string,
  link: string,
): UsernetQuota {
  const applies = entries.filter(
    (e) => e.type === type && e.link === link && (e.group ? user.groups.includes(e.owner) : e.owner === user.name),
  );
  return {
    count: applies.reduce((sum, e) => sum + e.count, 0),
    lines: applies.map((e) => `${e.group ? "@" : ""}${e.owner} ${e.type} ${e.link} ${e.count}`),
  };
}

/** The line that gives `user` its quota, as scripts/setup-user.sh writes it. */
export function usernetLine(user: string, count = 10): string {
  return `${user} veth lxcbr0 ${count}`;
}

export interface NicRecord {
  owner: string;
  type: string;
  link: string;
  nic: string;
}

/** /run/lxc/nics: "OWNER TYPE LINK NIC" per device lxc-user-nic made (stale lines stay until its next run). */
export function parseNics(fileText: string): NicRecord[] {
  return fileText
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f): f is [string, string, string, string] => f.length === 4)
    .map(([owner, type, link, nic]) => ({ owner, type, link, nic }));
}

/** lxc-user-nic names the host side of a user's veth "veth<uid>_XXXX". */
export function isUserVeth(nic: string, uid: number): boolean {
  return nic.startsWith(`veth${uid}_`);
}
