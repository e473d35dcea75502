import type { ContainerDetailResponse } from "@/lib/api-types";
import { ContainerNotFound, readConfigDetail, validContainerName } from "../lxc";
import { liveStoreReady } from "../live";
import { currentBusy } from "./list-view";
import { rootfsSize } from "./rootfs-sizes";

/**
 * A container's page: state, PID, addresses and memory from the live state in
 * memory, the rest from its config file; the rootfs size is the last one du
 * measured (server/containers/rootfs-sizes.ts: in the background, at most
 * every 30 s, pushed when it changes). Nothing is spawned to answer.
 */
export async function containerDetailView(name: string): Promise<ContainerDetailResponse> {
  const n = validContainerName(name);
  const store = await liveStoreReady();
  let live = store.get(n);
  const config = await readConfigDetail(n);
  if (!live) {
    // Made a moment ago and not seen yet: look once.
    await store.refresh(n);
    live = store.get(n);
    if (!live) throw new ContainerNotFound(n);
  }
  const rootfsBytes = rootfsSize(n, config.rootfsPath);
  return { ...live, ...config, rootfsBytes, busy: currentBusy()[n] ?? null };
}
