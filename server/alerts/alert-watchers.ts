import { statfs } from "node:fs/promises";
import type { ReadinessSummary } from "@/lib/host-readiness";
import { readOomCounters } from "../cgroups";
import { cgroupsOf } from "../live/cgroups-of";
import type { LiveStateStore } from "../live/state-store";
import { autostartCandidates, diskCandidate, oomCandidate, readinessCandidate, StopRule, type AlertCandidate } from "./evaluate";
import { ruleSettings } from "./rules-store";

/**
 * What feeds the rules: the live state's changes (unexpected stops), the
 * running containers' OOM counters (from their cgroups, every few seconds),
 * the autostart check two minutes after start, free disk under the lxcpath
 * every five minutes, and the host readiness feed.
 */
export interface WatcherTimings {
  oomMs: number;
  autostartAfterMs: number;
  diskMs: number;
}

export const DEFAULT_WATCHER_TIMINGS: WatcherTimings = { oomMs: 10_000, autostartAfterMs: 120_000, diskMs: 300_000 };

export function startAlertWatchers(
  store: LiveStateStore,
  raise: (c: AlertCandidate) => void,
  timings: WatcherTimings = DEFAULT_WATCHER_TIMINGS,
): { onReadinessChange: (now: ReadinessSummary, before: ReadinessSummary | null) => void; stop: () => void } {
  const stops = new StopRule();
  const unsubscribe = store.subscribe((change) => {
    const c = stops.onChange(change, Date.now());
    if (c) raise(c);
  });

  // OOM kills: a baseline per running init, an alert for every increase.
  const oomSeen = new Map<string, { pid: number; kills: number }>();
  const lookForOom = () => {
    const running = store.list().filter((r) => r.pid !== null && (r.state === "RUNNING" || r.state === "FROZEN"));
    for (const r of running) {
      const cg = cgroupsOf(r.pid!, r.name);
      const oom = cg ? readOomCounters(cg) : null;
      const kills = oom?.ok ? oom.value.oomKills : null;
      if (kills === null) continue;
      const seen = oomSeen.get(r.name);
      if (seen && seen.pid === r.pid) {
        const c = oomCandidate(r.name, seen.kills, kills);
        if (c) raise(c);
      }
      oomSeen.set(r.name, { pid: r.pid!, kills });
    }
    for (const name of oomSeen.keys()) if (!running.some((r) => r.name === name)) oomSeen.delete(name);
  };
  const oomTimer = setInterval(lookForOom, timings.oomMs);
  oomTimer.unref();
  lookForOom();

  const autostartTimer = setTimeout(() => {
    for (const c of autostartCandidates(store.list(), Math.round(timings.autostartAfterMs / 60_000))) raise(c);
  }, timings.autostartAfterMs);
  autostartTimer.unref();

  const lookAtDisk = async () => {
    const rule = await ruleSettings("low-disk");
    const s = await statfs(store.lxcpath).catch(() => null);
    if (!s || !rule.enabled) return;
    const c = diskCandidate(store.lxcpath, s.bavail * s.bsize, s.blocks * s.bsize, rule.threshold ?? 10);
    if (c) raise(c);
  };
  const diskTimer = setInterval(() => void lookAtDisk().catch(() => {}), timings.diskMs);
  diskTimer.unref();
  void lookAtDisk().catch(() => {});

  return {
    onReadinessChange(now, before) {
      // The first look at start-up is no change; a host that was bad already is not news.
      if (!before) return;
      const c = readinessCandidate(now, before);
      if (c) raise(c);
    },
    stop() {
      unsubscribe();
      clearInterval(oomTimer);
      clearTimeout(autostartTimer);
      clearInterval(diskTimer);
    },
  };
}
