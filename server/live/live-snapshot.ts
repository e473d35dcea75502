import type { LiveEvent } from "@/lib/live-events";
import { readinessSummary } from "@/lib/host-readiness";
import type { Actor } from "../auth/access-check";
import { knownServices } from "../containers/list-services";
import { currentBusy } from "../containers/list-view";
import { cachedHostReadiness } from "../host/readiness";
import { processSingleton } from "../process-singleton";
import { listHosts } from "../hosts/hosts-view";
import { incusContainers } from "../hosts/registry";
import { liveStoreReady } from "./index";

type SnapshotEvent = Extract<LiveEvent, { type: "snapshot" }>;

/** The signed-in user's unread alert count, supplied by server/alerts when it runs (null without it). */
type UnreadCounter = (actor: Actor) => Promise<number>;

function unreadCounter(): { value: UnreadCounter | null } {
  return processSingleton("live-unread-counter", () => ({ value: null as UnreadCounter | null }));
}

export function setUnreadCounter(counter: UnreadCounter): void {
  unreadCounter().value = counter;
}

/** Everything a tab shows live, sent first on every (re)connection. */
export async function liveSnapshot(actor: Actor): Promise<SnapshotEvent> {
  const store = await liveStoreReady();
  const counter = unreadCounter().value;
  const [readiness, unreadAlerts, incus, hosts] = await Promise.all([
    cachedHostReadiness().then(readinessSummary, () => null),
    counter ? counter(actor).catch(() => null) : Promise.resolve(null),
    incusContainers(),
    listHosts(),
  ]);
  const local = store.list();
  const containers = [...local, ...incus];
  const snapshot: SnapshotEvent = {
    type: "snapshot",
    containers,
    busy: currentBusy(),
    watcher: store.watcherStatus(),
    readiness,
    unreadAlerts,
    ...knownServices(local),
  };
  return hosts.length > 0 ? { ...snapshot, hosts } : snapshot;
}
