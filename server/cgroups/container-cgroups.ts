import { parseCgroupMounts, type CgroupMount } from "@/lib/host-cgroups";
import { readProcText } from "../processes/procfs/proc-files";
import { processSingleton } from "../process-singleton";
import { locateCgroups } from "./locate";
import { parseProcCgroup } from "./parse-proc-cgroup";
import type { ContainerCgroups } from "./types";

const MOUNTS_TTL_MS = 60_000;

/** The cgroup hierarchies mounted here (/proc/self/mountinfo), re-read at most once a minute. */
export function cgroupMounts(now = Date.now()): CgroupMount[] {
  const cache = processSingleton("cgroup-mounts", () => ({ at: -Infinity, mounts: [] as CgroupMount[] }));
  if (now - cache.at > MOUNTS_TTL_MS) {
    cache.mounts = parseCgroupMounts(readProcText("/proc/self/mountinfo", 256 * 1024) ?? "");
    cache.at = now;
  }
  return cache.mounts;
}

/**
 * Where the counters of the container whose init is `pid` are, on cgroup v1,
 * v2 and hybrid hosts, for root's containers and a regular user's alike
 * (their paths sit below the user's delegated cgroup). null when the process
 * is gone. `container` (its name) lets a path below the container's own
 * cgroup (a systemd init's init.scope) be cut back to it.
 */
export function containerCgroups(pid: number, container?: string): ContainerCgroups | null {
  const text = readProcText(`/proc/${pid}/cgroup`);
  if (text === null) return null;
  const own = parseProcCgroup(readProcText("/proc/self/cgroup") ?? "");
  return { pid, dirs: locateCgroups(parseProcCgroup(text), cgroupMounts(), { container, own }) };
}
