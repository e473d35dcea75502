import type { ContainerState } from "./container-types";
import type { RootfsStore } from "./rootfs-store";

/** One snapshot as the Snapshots tab lists it. */
export interface SnapshotView {
  /** snap0, snap1, … */
  name: string;
  /** When lxc-snapshot made it (ISO 8601). */
  createdAt: string;
  comment: string;
  /** Bytes its directory takes on disk (du); null when it cannot be measured. */
  bytes: number | null;
  /** The schedule that made it, if one did. */
  scheduleId: number | null;
}

/** What making a snapshot will cost, shown before it is made. */
export interface SnapshotCost {
  store: RootfsStore;
  /** A copy-on-write store: a snapshot takes almost nothing until files change. */
  copyOnWrite: boolean;
  /** The rootfs's size on disk: what a full copy adds. */
  rootfsBytes: number | null;
  /** Free space where the snapshots go (the container's directory). */
  freeBytes: number | null;
}

/** GET /api/containers/NAME/snapshots */
export interface SnapshotListResponse {
  snapshots: SnapshotView[];
  cost: SnapshotCost;
  state: ContainerState;
  /** `lxc-snapshot -P LXCPATH -n NAME`: every snapshot command starts so (-L -C lists, -c FILE makes, -r restores, -d deletes). */
  command: string;
}
