import type { ContainerListResponse } from "@/lib/api-types";
import { busyLabels, liveStoreReady } from "../live";
import { listHosts } from "../hosts/hosts-view";
import { incusContainers } from "../hosts/registry";
import { knownServices } from "./list-services";
import { runningOperations } from "./operations";

/**
 * The list as the home page shows it, from the live state in memory (the
 * services as last found): no process is spawned, nothing waits. With Incus
 * hosts added, their containers follow the classic ones (each with its
 * target) and `hosts` says how current each host's rows are; without any,
 * the answer is as it always was.
 */
export async function listContainerView(): Promise<ContainerListResponse> {
  const store = await liveStoreReady();
  const containers = store.list();
  const [incus, hosts] = await Promise.all([incusContainers(), listHosts()]);
  const base = { containers: [...containers, ...incus], busy: currentBusy(), toolsMissing: store.toolsMissing, ...knownServices(containers) };
  return hosts.length > 0 ? { ...base, hosts } : base;
}

/** Our operations running now; a create in progress is named by its operation before lxc-create has made anything. */
export function currentBusy(): Record<string, string> {
  const busy = busyLabels();
  for (const op of runningOperations()) busy[op.container] ??= "creating";
  return busy;
}
