import type { SnapshotCost } from "@/lib/snapshot-types";
import { storeLabel } from "@/lib/rootfs-store";
import { formatBytes } from "@/lib/format-units";

/** What a new snapshot will cost, in one sentence: a full copy on a plain directory, next to nothing on a copy-on-write store. */
export function SnapshotCostNote({ cost }: { cost: SnapshotCost }) {
  const free = cost.freeBytes === null ? "" : ` (${formatBytes(cost.freeBytes)} free there)`;
  if (cost.copyOnWrite) {
    return (
      <p className="text-sm text-muted">
        The rootfs is on {storeLabel[cost.store]}: a snapshot is copy-on-write and takes almost no space until files change{free}.
      </p>
    );
  }
  if (cost.store === "dir") {
    return (
      <p className="text-sm text-muted">
        The rootfs is {storeLabel.dir}: each snapshot is a full copy of it,{" "}
        <strong className="font-semibold text-ink">
          {cost.rootfsBytes === null ? "as big as the rootfs" : `about ${formatBytes(cost.rootfsBytes)}`}
        </strong>{" "}
        more on disk{free}.
      </p>
    );
  }
  return <p className="text-sm text-muted">The rootfs is on {storeLabel[cost.store]}; lxc-snapshot decides how the copy is made{free}.</p>;
}
