import path from "node:path";
import type { CgroupMount } from "@/lib/host-cgroups";
import { available, unavailable, type CgroupDir, type CgroupResource, type ProcCgroupEntry, type Reading } from "./types";

/** The cgroup v1 controller that counts each resource (its v2 controller has the resource's own name). */
export const V1_CONTROLLER: Record<CgroupResource, string> = { cpu: "cpuacct", memory: "memory", io: "blkio", pids: "pids" };

export interface LocateOptions {
  /** The container's name: a path below `lxc.payload.NAME` (systemd inside makes init.scope and slices) is cut back to it. */
  container?: string;
  /** The dashboard's own /proc/self/cgroup: a container in the same cgroup has none of its own to count. */
  own?: readonly ProcCgroupEntry[];
}

/**
 * The container's own cgroup from its init's: LXC makes `lxc.payload.NAME`
 * (LXC 4+; `lxc/NAME` before), and an init such as systemd may move itself
 * into a child (`…/lxc.payload.web/init.scope`), whose counters would miss
 * the rest of the container.
 */
export function containerRootPath(initPath: string, container?: string): string {
  const parts = initPath.split("/");
  const at = parts.findIndex((p, i) =>
    container === undefined
      ? p.startsWith("lxc.payload.")
      : p === `lxc.payload.${container}` || (p === container && parts[i - 1] === "lxc"),
  );
  return at < 0 ? initPath : parts.slice(0, at + 1).join("/");
}

/** The directory of a cgroup path in a mounted hierarchy, or why it is outside the part mounted here. */
function mountedDir(mount: CgroupMount, cgroupPath: string, version: 1 | 2): Reading<CgroupDir> {
  if (mount.root === "/") return available({ version, dir: path.join(mount.mountPoint, cgroupPath) });
  if (cgroupPath !== mount.root && !cgroupPath.startsWith(`${mount.root}/`)) {
    return unavailable(`its cgroup ${cgroupPath} is outside the part of the hierarchy mounted at ${mount.mountPoint} (${mount.root})`);
  }
  return available({ version, dir: path.join(mount.mountPoint, cgroupPath.slice(mount.root.length)) });
}

/**
 * Where one resource of a process is counted. A controller bound to a v1
 * hierarchy counts there and nowhere else (a controller lives in one
 * hierarchy at a time), so v1 wins on a hybrid host; otherwise the unified
 * (v2) tree. CPU time is in every v2 cgroup's cpu.stat, with or without the
 * cpu controller.
 */
export function locateResource(
  resource: CgroupResource,
  entries: readonly ProcCgroupEntry[],
  mounts: readonly CgroupMount[],
  options: LocateOptions = {},
): Reading<CgroupDir> {
  const controller = V1_CONTROLLER[resource];
  const v1Mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
  const v2Mount = mounts.find((m) => m.version === 2);
  let version: 1 | 2;
  let mount: CgroupMount;
  let entry: ProcCgroupEntry | undefined;
  if (v1Mount) {
    [version, mount] = [1, v1Mount];
    entry = entries.find((e) => e.id !== 0 && e.controllers.includes(controller));
    if (!entry) return unavailable(`the ${controller} controller is mounted at ${v1Mount.mountPoint}, but the container's init is in no ${controller} cgroup`);
  } else if (v2Mount) {
    [version, mount] = [2, v2Mount];
    entry = entries.find((e) => e.id === 0 && e.controllers.length === 0);
    if (!entry) return unavailable("the container's init is in no cgroup v2 group");
  } else {
    return unavailable(`the ${controller} controller is not mounted (no cgroup v1 hierarchy has it and there is no cgroup v2 tree)`);
  }

  const cgroupPath = containerRootPath(entry.path, options.container);
  const ownEntry = options.own?.find((e) => e.id === entry.id);
  if (cgroupPath === "/" || cgroupPath === ownEntry?.path) {
    const whose = cgroupPath === "/" ? "the whole host's root cgroup" : "the dashboard's own cgroup";
    return unavailable(`the container has no ${version === 1 ? controller : "cgroup v2"} cgroup of its own (it runs in ${whose}, ${cgroupPath}; see /host for cgroup delegation)`);
  }
  return mountedDir(mount, cgroupPath, version);
}

/** Every resource's directory for a process whose /proc/PID/cgroup is `entries`. */
export function locateCgroups(
  entries: readonly ProcCgroupEntry[],
  mounts: readonly CgroupMount[],
  options: LocateOptions = {},
): Record<CgroupResource, Reading<CgroupDir>> {
  return {
    cpu: locateResource("cpu", entries, mounts, options),
    memory: locateResource("memory", entries, mounts, options),
    io: locateResource("io", entries, mounts, options),
    pids: locateResource("pids", entries, mounts, options),
  };
}
