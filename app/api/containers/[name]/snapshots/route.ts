import type { SnapshotListResponse } from "@/lib/snapshot-types";
import { containerGetRoute } from "@/server/containers/container-route";
import { snapshotList } from "@/server/snapshots/snapshot-list";

export const dynamic = "force-dynamic";

/** The container's snapshots (name, time, comment, size on disk) and what a new one would cost. */
export const GET = containerGetRoute("view snapshots", (name): Promise<SnapshotListResponse> => snapshotList(name));
