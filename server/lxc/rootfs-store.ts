import { readFile, stat, statfs } from "node:fs/promises";
import path from "node:path";
import { parseRootfsPath, type RootfsStore } from "@/lib/rootfs-store";
import { ContainerNotFound } from "./errors";
import { containerConfigPath, containerDir } from "./lxc-path";
import { parseContainerConfig } from "./parse-container-config";

const BTRFS_SUPER_MAGIC = 0x9123683e;
/** The root directory of a btrfs subvolume always has inode 256. */
const BTRFS_SUBVOLUME_ROOT_INODE = 256;

export interface RootfsInfo {
  store: RootfsStore;
  /** The rootfs directory on the host, for dir and btrfs; null for block devices and datasets. */
  dir: string | null;
  /** The lxc.rootfs.path value as the config has it. */
  configured: string;
}

/**
 * The container's backing store, from its config's lxc.rootfs.path. A bare
 * path or `dir:` on a btrfs subvolume is btrfs to LXC (lxc-snapshot makes a
 * subvolume snapshot there), so that is looked at too.
 */
export async function rootfsOf(name: string): Promise<RootfsInfo> {
  const text = await readFile(containerConfigPath(name), "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new ContainerNotFound(name);
    throw err;
  });
  const configured = parseContainerConfig(text).rawRootfsPath ?? `dir:${path.join(containerDir(name), "rootfs")}`;
  const { store, dir } = parseRootfsPath(configured);
  if (store === "dir" && dir && (await isBtrfsSubvolume(dir))) return { store: "btrfs", dir, configured };
  return { store, dir, configured };
}

async function isBtrfsSubvolume(dir: string): Promise<boolean> {
  try {
    const [fs, st] = await Promise.all([statfs(dir), stat(dir)]);
    return fs.type === BTRFS_SUPER_MAGIC && st.ino === BTRFS_SUBVOLUME_ROOT_INODE;
  } catch {
    return false;
  }
}
