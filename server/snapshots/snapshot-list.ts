import path from "node:path";
import { scheduleIdOfComment } from "@/lib/snapshot-schemas";
import type { SnapshotCost, SnapshotListResponse, SnapshotView } from "@/lib/snapshot-types";
import { isCopyOnWrite } from "@/lib/rootfs-store";
import { containerDir, containerInfo, diskUsage, formatArgv, freeBytes, rootfsOf } from "../lxc";
import { recentDiskUsage } from "../lxc/container-detail";
import { processSingleton } from "../process-singleton";
import { listSnapshotsArgv } from "./snapshot-argv";
import { listSnapshots } from "./snapshot-ops";

/**
 * A snapshot never changes once made, so its size is measured once (du walks
 * a full copy of the rootfs on a directory store) and kept, by its directory
 * and time, for as long as the process runs.
 */
function snapshotSizes(): Map<string, Promise<number | null>> {
  return processSingleton("snapshot-sizes", () => new Map<string, Promise<number | null>>());
}

function sizeOf(dir: string, createdAt: Date): Promise<number | null> {
  const key = `${dir}@${createdAt.getTime()}`;
  const sizes = snapshotSizes();
  let size = sizes.get(key);
  if (!size) {
    size = diskUsage(dir);
    sizes.set(key, size);
    void size.then((b) => b === null && sizes.delete(key));
  }
  return size;
}

export async function snapshotViews(name: string): Promise<SnapshotView[]> {
  const listed = await listSnapshots(name);
  return Promise.all(
    listed.map(async (s) => ({
      name: s.name,
      createdAt: s.createdAt.toISOString(),
      comment: s.comment,
      bytes: await sizeOf(path.join(s.dir, s.name), s.createdAt),
      scheduleId: scheduleIdOfComment(s.comment),
    })),
  );
}

/** What a new snapshot costs: nothing much on a copy-on-write store, a full copy of the rootfs on a plain directory. */
export async function snapshotCost(name: string): Promise<SnapshotCost> {
  const rootfs = await rootfsOf(name);
  const copyOnWrite = isCopyOnWrite(rootfs.store);
  const [rootfsBytes, free] = await Promise.all([
    rootfs.dir ? recentDiskUsage(rootfs.dir) : Promise.resolve(null),
    freeBytes(containerDir(name)),
  ]);
  return { store: rootfs.store, copyOnWrite, rootfsBytes, freeBytes: free };
}

export async function snapshotList(name: string): Promise<SnapshotListResponse> {
  const [snapshots, cost, info] = await Promise.all([snapshotViews(name), snapshotCost(name), containerInfo(name)]);
  return { snapshots, cost, state: info.state, command: formatArgv(listSnapshotsArgv(name).slice(0, -2)) };
}
