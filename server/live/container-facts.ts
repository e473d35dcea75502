import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ContainerSummary } from "@/lib/container-types";
import { readMemoryUsage } from "../cgroups";
import { cgroupsOf } from "./cgroups-of";
import { parseContainerConfig, parseLxcInfo, runTool } from "../lxc";
import { netnsAddresses } from "./netns-addresses";

/** What the config file says that the list shows, or null when there is no config (no such container). */
export async function configColumns(lxcpath: string, name: string): Promise<Pick<ContainerSummary, "autostart" | "unprivileged"> | null> {
  const text = await readFile(path.join(lxcpath, name, "config"), "utf8").catch(() => null);
  if (text === null) return null;
  const facts = parseContainerConfig(text);
  return { autostart: facts.autostart, unprivileged: facts.idmap.length > 0 };
}

/**
 * One container as `lxc-info -H` and its config see it now (a spawn: used
 * when the monitor says it started, when a directory appears, and after our
 * own actions — never to answer a page), with the host ends of its network
 * links. Null when it does not exist.
 */
export async function readContainerNow(lxcpath: string, name: string): Promise<{ row: ContainerSummary; links: string[] } | null> {
  const config = await configColumns(lxcpath, name);
  if (!config) return null;
  const result = await runTool(["lxc-info", "-P", lxcpath, "-n", name, "-H"]);
  if (result.exitCode !== 0) {
    // Gone meanwhile, or not readable: a container whose config is still there is shown stopped.
    if (!(await configColumns(lxcpath, name))) return null;
    return { row: { name, state: "STOPPED", pid: null, memoryBytes: null, ipv4: [], ipv6: [], ...config }, links: [] };
  }
  const info = parseLxcInfo(result.stdout);
  return {
    row: { name, state: info.state, pid: info.pid, memoryBytes: info.memoryBytes, ipv4: info.ipv4, ipv6: info.ipv6, ...config },
    links: info.links,
  };
}

/** Columns read from /proc and the cgroup; null where that source could not be read (then lxc-info's value stands). */
export interface RuntimeColumns {
  ipv4: string[] | null;
  ipv6: string[] | null;
  memoryBytes: number | null;
}

/** Addresses and memory of a running container, from /proc and its cgroup; null when its init is gone. */
export async function runtimeColumns(pid: number, name: string): Promise<RuntimeColumns | null> {
  const addresses = await netnsAddresses(pid);
  const cgroups = cgroupsOf(pid, name);
  if (!addresses && !cgroups) return null;
  const memoryDir = cgroups?.dirs.memory;
  const memory = memoryDir?.ok ? readMemoryUsage(memoryDir.value) : null;
  return { ipv4: addresses?.ipv4 ?? null, ipv6: addresses?.ipv6 ?? null, memoryBytes: memory?.ok ? memory.value.current : null };
}
