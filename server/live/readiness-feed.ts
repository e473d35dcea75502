import type { CheckId } from "@/lib/host-readiness";
import { readinessSummary, type ReadinessReport, type ReadinessSummary } from "@/lib/host-readiness";
import { cachedHostReadiness, recheckHostRow } from "../host/readiness";
import { publishLive } from "./live-bus";

/**
 * Looks at the host's readiness every two minutes (the checks cache for 15 s) and
 * pushes it to every tab when it changed, instead of every tab polling it.
 * `recheck(id)` runs one check at once (the lxc-net watch: the bridge).
 * `onChange` hears every change (the alert rule "host readiness turned bad").
 */
const CHECK_MS = 120_000;

export interface ReadinessFeed {
  recheck(id: CheckId): void;
  stop(): void;
}

function sameSummary(a: ReadinessSummary, b: ReadinessSummary): boolean {
  return a.ready === b.ready && a.problems.map((p) => `${p.id}:${p.state}:${p.found}`).join("|") === b.problems.map((p) => `${p.id}:${p.state}:${p.found}`).join("|");
}

export function startReadinessFeed(onChange: (now: ReadinessSummary, before: ReadinessSummary | null) => void = () => {}): ReadinessFeed {
  let last: ReadinessSummary | null = null;
  const look = async (read: () => Promise<ReadinessReport>) => {
    const now = readinessSummary(await read());
    if (last && sameSummary(last, now)) return;
    const before = last;
    last = now;
    publishLive({ type: "host-readiness", readiness: now });
    onChange(now, before);
  };
  const failed = (err: unknown) => console.warn("live: host readiness check failed", err);
  const check = () => void look(cachedHostReadiness).catch(failed);
  check();
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  return {
    recheck: (id) => void look(() => recheckHostRow(id)).catch(failed),
    stop: () => clearInterval(timer),
  };
}
