// The live state: what the rest of the server uses from server/live.
import type { ContainerSummary } from "@/lib/container-types";
import { busyContainers, lxcPath, onBusyChange, onLifecycleNotice } from "../lxc";
import { processSingleton } from "../process-singleton";
import { publishDataChanged } from "./data-changed";
import { publishLive } from "./live-bus";
import { LiveStateStore, type StoreChange, type StoreListener } from "./state-store";

export { publishLive, subscribeLive, liveSubscriberCount } from "./live-bus";
export { publishDataChanged } from "./data-changed";
export type { StoreChange, StoreListener } from "./state-store";
export { LiveStateStore };

/**
 * The state store of `lxcpath` (default: the dashboard's), made and started
 * once per process, wired to the push stream and to our own actions.
 */
export function liveStore(lxcpath: string = lxcPath()): LiveStateStore {
  return processSingleton(`live-store:${lxcpath}`, () => {
    const store = new LiveStateStore(lxcpath);
    store.subscribe(pushToTabs);
    onLifecycleNotice((notice) => store.onLifecycle(notice));
    void store.start();
    return store;
  });
}

/** Resolves once the store of `lxcpath` has been filled the first time. */
export function liveStoreReady(lxcpath?: string): Promise<LiveStateStore> {
  const store = liveStore(lxcpath);
  return store.start().then(() => store);
}

/** Every container of the lxcpath, from memory. */
export async function containerStates(lxcpath?: string): Promise<ContainerSummary[]> {
  return (await liveStoreReady(lxcpath)).list();
}

/** One container's state, init PID, addresses and memory, from memory; null when there is no such container. */
export async function containerState(name: string, lxcpath?: string): Promise<ContainerSummary | null> {
  return (await liveStoreReady(lxcpath)).get(name);
}

/** Every change of the lxcpath's containers (state, columns, exits, the watcher's health); returns the unsubscribe function. */
export function subscribeContainers(listener: StoreListener, lxcpath?: string): () => void {
  return liveStore(lxcpath).subscribe(listener);
}

function pushToTabs(change: StoreChange): void {
  if (change.kind === "upsert") publishLive({ type: "container", container: change.row, cause: change.cause });
  else if (change.kind === "remove") publishLive({ type: "container-removed", name: change.name, cause: change.cause });
  else if (change.kind === "watcher") publishLive({ type: "watcher", watcher: change.status });
  else if (change.kind === "snapshots") publishDataChanged("snapshots", change.name);
}

/** The busy labels of our running operations, as the list shows them. */
export function busyLabels(): Record<string, string> {
  return Object.fromEntries(busyContainers());
}

/**
 * Starts the live state of the dashboard's lxcpath and the busy-label feed;
 * server/index.ts calls this once at start-up (pages would start it lazily).
 */
export function startLiveState(): LiveStateStore {
  processSingleton("live-busy-feed", () => {
    let queued = false;
    // Several locks taken and released in one tick are one event.
    return onBusyChange(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        publishLive({ type: "busy", busy: busyLabels() });
      });
    });
  });
  return liveStore();
}
