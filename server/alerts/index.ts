// Alerts: rules over the live state, coalescing, the in-app bell and the outbox to webhook, ntfy and e-mail.
import type { ReadinessSummary } from "@/lib/host-readiness";
import { liveStoreReady } from "../live";
import { setUnreadCounter } from "../live/live-snapshot";
import { processSingleton } from "../process-singleton";
import { storeAlert, unreadCount } from "./alert-store";
import { startAlertWatchers, type WatcherTimings } from "./alert-watchers";
import { Coalescer } from "./coalesce";
import type { AlertCandidate } from "./evaluate";
import { startOutboxWorker } from "./outbox";
import { mutedContainers, ruleSettings } from "./rules-store";

export type { AlertCandidate } from "./evaluate";
export { listAlerts, unreadCount, markAllRead, deliveryLog } from "./alert-store";
export { listRules, setRule, mutedContainers, setMuted } from "./rules-store";
export { listTargets, saveTarget, deleteTarget, setTargetEnabled } from "./targets";
export { sendTest } from "./outbox";

/** A flapping container's alerts are coalesced over this long (one, then one summary per window). */
const COALESCE_MS = 5 * 60_000;

interface AlertsRuntime {
  coalescer: Coalescer;
  kick: () => void;
}

function runtime(): AlertsRuntime {
  return processSingleton<AlertsRuntime>("alerts-runtime", () => ({ coalescer: new Coalescer(COALESCE_MS), kick: () => {} }));
}

/**
 * Raises an alert, for the rules here and for other rooms (a failed scheduled
 * backup): dropped when its rule is off or its container muted, coalesced
 * while it repeats, else shown in the bell and queued for every target.
 * Never throws.
 */
export async function raiseAlert(c: AlertCandidate): Promise<void> {
  try {
    const rule = await ruleSettings(c.rule).catch(() => ({ enabled: true }));
    if (!rule.enabled) return;
    if (c.container && (await mutedContainers()).includes(c.container)) return;
    const now = new Date();
    const rt = runtime();
    const first = rt.coalescer.offer(c, now.getTime());
    if (first) {
      await storeAlert(first, now);
      rt.kick();
    }
  } catch (err) {
    console.error("alerts: could not raise", c.title, err);
  }
}

async function flushSummaries(): Promise<void> {
  const rt = runtime();
  const summaries = rt.coalescer.flush(Date.now());
  for (const summary of summaries) await storeAlert(summary);
  // Only when something was queued: an idle dashboard does not wake the outbox every 15 s.
  if (summaries.length > 0) rt.kick();
}

/**
 * Starts the rules' watchers, the coalescing flush and the outbox worker
 * (which first sends what was still pending at the last stop). Once, from
 * server/index.ts; returns the readiness hook for the live service.
 */
export async function startAlerts(timings?: WatcherTimings): Promise<{ onReadinessChange: (now: ReadinessSummary, before: ReadinessSummary | null) => void; stop: () => Promise<void> }> {
  const store = await liveStoreReady();
  setUnreadCounter((actor) => unreadCount(actor.id));
  const worker = startOutboxWorker();
  runtime().kick = worker.kick;
  const watchers = startAlertWatchers(store, (c) => void raiseAlert(c), timings);
  const flush = setInterval(() => void flushSummaries().catch((err: unknown) => console.error("alerts: flush failed", err)), 15_000);
  flush.unref();
  return {
    onReadinessChange: watchers.onReadinessChange,
    async stop() {
      watchers.stop();
      clearInterval(flush);
      await worker.stop();
    },
  };
}
