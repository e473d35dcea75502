import { readFile, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { parseCgroupMounts, type CgroupMount } from "@/lib/host-cgroups";

/**
 * Cgroup delegation where no systemd does it (see HOST-NOTES): root makes
 * `<hierarchy>/user/<name>` in every v1 hierarchy and gives it to the user
 * (scripts/setup-user.sh); the user's process moves itself in by writing its
 * PID to each cgroup.procs, and every lxc-start it runs afterwards inherits
 * them and makes the container's cgroups below. Without it a regular user's
 * containers still start, but in no cgroup of their own: they cannot be
 * frozen and their memory is not counted.
 */

export async function v1Hierarchies(): Promise<CgroupMount[]> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  return parseCgroupMounts(mountinfo).filter((m) => m.version === 1);
}

export function delegatedDir(hierarchy: CgroupMount, user: string): string {
  return path.join(hierarchy.mountPoint, "user", user);
}

/** Whether the user owns its delegated directory in this hierarchy. */
export async function isDelegated(hierarchy: CgroupMount, user: { name: string; uid: number }): Promise<boolean> {
  const info = await stat(delegatedDir(hierarchy, user.name)).catch(() => null);
  return info !== null && info.isDirectory() && info.uid === user.uid;
}

/** The cgroup path of this process in each v1 hierarchy, keyed by the hierarchy's controller list. */
export async function ownCgroupPaths(): Promise<Map<string, string>> {
  const text = await readFile("/proc/self/cgroup", "utf8").catch(() => "");
  const paths = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\d+:([^:]+):(.*)$/.exec(line);
    if (m) paths.set(m[1]!.split(",").sort().join(","), m[2]!);
  }
  return paths;
}

export function hierarchyKey(hierarchy: CgroupMount): string {
  return [...hierarchy.controllers].sort().join(",");
}

/** Whether this process already sits in (or below) its delegated cgroup of this hierarchy. */
export function isInside(hierarchy: CgroupMount, ownPaths: ReadonlyMap<string, string>, user: string): boolean {
  const own = ownPaths.get(hierarchyKey(hierarchy));
  return own === `/user/${user}` || (own?.startsWith(`/user/${user}/`) ?? false);
}

/** Moves this process into the given delegated cgroup directories; returns those it could not join, with why. */
export async function joinCgroups(dirs: readonly string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const dir of dirs) {
    await writeFile(path.join(dir, "cgroup.procs"), String(process.pid)).catch((err: NodeJS.ErrnoException) => {
      failures.push(`${dir}: ${err.code ?? err.message}`);
    });
  }
  return failures;
}

/**
 * At start-up of a dashboard that runs as a regular user: joins every
 * delegated cgroup the user has. Says what it did, for the server's log.
 */
export async function joinDelegatedCgroups(): Promise<string> {
  const { username, uid } = userInfo();
  const user = { name: username, uid };
  if (uid === 0) return "";
  const hierarchies = await v1Hierarchies();
  const delegated = [];
  for (const h of hierarchies) if (await isDelegated(h, user)) delegated.push(delegatedDir(h, user.name));
  if (delegated.length === 0) return hierarchies.length > 0 ? `No cgroups delegated to ${user.name}: containers start, but cannot be frozen (see /host).` : "";
  const failures = await joinCgroups(delegated);
  return failures.length === 0
    ? `Joined the cgroups delegated to ${user.name} (${delegated.length} hierarchies).`
    : `Could not join delegated cgroups: ${failures.join(", ")}`;
}
