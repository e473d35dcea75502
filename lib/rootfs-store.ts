/**
 * The backing store of a container's rootfs, as `lxc.rootfs.path` names it
 * ("dir:/var/lib/lxc/web/rootfs", "btrfs:/...", "zfs:pool/web",
 * "overlay:LOWER:UPPER", "lvm:/dev/vg/web", or a bare path, which LXC reads as
 * a directory unless it is a btrfs subvolume).
 */
export type RootfsStore = "dir" | "btrfs" | "zfs" | "lvm" | "overlay" | "loop" | "rbd" | "unknown";

const PREFIXES: Array<[string, RootfsStore]> = [
  ["dir:", "dir"],
  ["btrfs:", "btrfs"],
  ["zfs:", "zfs"],
  ["lvm:", "lvm"],
  ["overlay:", "overlay"],
  ["overlayfs:", "overlay"],
  ["loop:", "loop"],
  ["rbd:", "rbd"],
];

/** The store named by an lxc.rootfs.path value and, for the stores that are a directory on the host, that directory. */
export function parseRootfsPath(value: string): { store: RootfsStore; dir: string | null } {
  for (const [prefix, store] of PREFIXES) {
    if (!value.startsWith(prefix)) continue;
    const rest = value.slice(prefix.length);
    return { store, dir: store === "dir" || store === "btrfs" ? rest : null };
  }
  return value.startsWith("/") ? { store: "dir", dir: value } : { store: "unknown", dir: null };
}

/** Stores on which lxc-snapshot and `lxc-copy -s` make a copy-on-write snapshot instead of a full copy. */
export function isCopyOnWrite(store: RootfsStore): boolean {
  return store === "btrfs" || store === "zfs" || store === "lvm" || store === "overlay";
}

export const storeLabel: Record<RootfsStore, string> = {
  dir: "a plain directory",
  btrfs: "btrfs",
  zfs: "ZFS",
  lvm: "LVM",
  overlay: "overlayfs",
  loop: "a loop file",
  rbd: "Ceph RBD",
  unknown: "an unknown store",
};
