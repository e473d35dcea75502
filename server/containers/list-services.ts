import type { ListeningService } from "@/lib/services";
import type { ContainerSummary } from "../lxc";
import { containerStates, liveSubscriberCount, publishLive } from "../live";
import { processSingleton } from "../process-singleton";
import { servicesOfListed } from "../services/services-view";

/**
 * The list's services chips without making the list wait: the list answers
 * with the last map found and a new one is read in the background, pushed to
 * every tab when it differs (LiveEvent 'services'). A new map is read when
 * the last one is older than MAX_AGE_MS or was read for other running
 * containers (one started, stopped or restarted with a new init). The list is
 * asked for once per tab (the push stream keeps it current after that), so
 * while a tab is open the follower started at the server's start looks every
 * FOLLOW_MS whether a read is due. Nothing is read while nobody looks.
 */
const MAX_AGE_MS = 15_000;
const FOLLOW_MS = 2_000;

interface Cache {
  at: number;
  /** The running containers (name:init PID) the map was read for. */
  readFor: string;
  services: Record<string, ListeningService[]>;
  /** Bumped by every reading that changed the map. */
  version: number;
  reading: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

function cache(): Cache {
  return processSingleton<Cache>("list-services-cache", () => ({ at: 0, readFor: "", services: {}, version: 0, reading: null, timer: null }));
}

function runningKey(containers: readonly ContainerSummary[]): string {
  return containers
    .flatMap((c) => (c.pid === null ? [] : [`${c.name}:${c.pid}`]))
    .sort()
    .join(" ");
}

/** Starts a read when one is due; returns the read under way, if any. */
function refreshIfDue(containers: readonly ContainerSummary[]): Promise<void> | null {
  const c = cache();
  const key = runningKey(containers);
  if (c.reading || (Date.now() - c.at <= MAX_AGE_MS && key === c.readFor)) return c.reading;
  c.reading = servicesOfListed(containers)
    .then((services) => {
      const changed = JSON.stringify(services) !== JSON.stringify(c.services);
      c.services = services;
      c.at = Date.now();
      c.readFor = key;
      if (!changed) return;
      c.version += 1;
      publishLive({ type: "services", services, version: c.version });
    })
    .catch((err: unknown) => console.error("reading the containers' services failed:", err))
    .finally(() => (c.reading = null));
  return c.reading;
}

/** The services as last found, for the running ones of `containers`, with the reading's version; a new reading starts when one is due. */
export function knownServices(containers: readonly ContainerSummary[]): { services: Record<string, ListeningService[]>; servicesVersion: number } {
  const c = cache();
  void refreshIfDue(containers);
  // Only containers still running keep their chips.
  const running = new Set(containers.filter((r) => r.pid !== null).map((r) => r.name));
  return { services: Object.fromEntries(Object.entries(c.services).filter(([name]) => running.has(name))), servicesVersion: c.version };
}

/** Keeps the map current for the open tabs (server/index.ts, once at start); returns the stop function. */
export function followListServices(): () => void {
  const c = cache();
  c.timer ??= setInterval(() => {
    if (liveSubscriberCount() === 0) return;
    containerStates()
      .then((containers) => refreshIfDue(containers))
      .catch((err: unknown) => console.error("reading the containers' services failed:", err));
  }, FOLLOW_MS);
  c.timer.unref();
  return () => {
    if (c.timer) clearInterval(c.timer);
    c.timer = null;
  };
}
