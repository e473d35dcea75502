import { readFile } from "node:fs/promises";
import path from "node:path";
import { diskUsage } from "./disk-usage";
import { CommandFailed, ContainerNotFound } from "./errors";
import { containerConfigPath, containerDir, containerExists, lxcPath } from "./lxc-path";
import { parseContainerConfig } from "./parse-container-config";
import { parseLxcInfo } from "./parse-lxc-info";
import { runTool } from "./run-tool";
import type { ContainerDetail, LxcInfo } from "./types";
import { validContainerName } from "./validate-name";

/** What the container page shows from the container's config file (read, nothing spawned). */
export interface ConfigDetail {
  configPath: string;
  configText: string;
  autostart: boolean;
  unprivileged: boolean;
  idmap: ContainerDetail["idmap"];
  rootfsPath: string;
}

export async function readConfigDetail(name: string): Promise<ConfigDetail> {
  const n = validContainerName(name);
  const configPath = containerConfigPath(n);
  const configText = await readFile(configPath, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new ContainerNotFound(n);
    throw err;
  });
  const config = parseContainerConfig(configText);
  const rootfsPath = config.rootfsPath ?? path.join(containerDir(n), "rootfs");
  return { configPath, configText, autostart: config.autostart, unprivileged: config.idmap.length > 0, idmap: config.idmap, rootfsPath };
}

/**
 * Everything the container page shows: live state from `lxc-info -H`, the
 * rest from the container's config file, and the rootfs size from `du`.
 */
export async function getContainer(name: string): Promise<ContainerDetail> {
  const n = validContainerName(name);
  const config = await readConfigDetail(n);
  const [info, rootfsBytes] = await Promise.all([containerInfo(n), recentDiskUsage(config.rootfsPath)]);
  return {
    name: n,
    state: info.state,
    pid: info.pid,
    memoryBytes: info.memoryBytes,
    ipv4: info.ipv4,
    ipv6: info.ipv6,
    ...config,
    rootfsBytes,
  };
}

/** What `lxc-info -H` says now; ContainerNotFound when the container is gone. */
export async function containerInfo(name: string): Promise<LxcInfo> {
  const argv = ["lxc-info", "-P", lxcPath(), "-n", name, "-H"];
  const result = await runTool(argv);
  if (result.exitCode === 0) return parseLxcInfo(result.stdout);
  if (!(await containerExists(name))) throw new ContainerNotFound(name);
  throw new CommandFailed(argv, result.exitCode, result.stderr);
}

/**
 * du walks the whole rootfs (gigabytes for a distribution image), so a
 * measurement is reused for a while and concurrent readers share one du.
 */
const DISK_USAGE_MAX_AGE_MS = 30_000;
const diskUsages = new Map<string, { at: number; bytes: Promise<number | null> }>();

export function recentDiskUsage(rootfsPath: string): Promise<number | null> {
  const now = Date.now();
  const known = diskUsages.get(rootfsPath);
  if (known && now - known.at < DISK_USAGE_MAX_AGE_MS) return known.bytes;
  const bytes = diskUsage(rootfsPath);
  diskUsages.set(rootfsPath, { at: now, bytes });
  // A failed measurement is not kept: the next poll tries again.
  void bytes.then((b) => b === null && diskUsages.delete(rootfsPath), () => diskUsages.delete(rootfsPath));
  return bytes;
}
