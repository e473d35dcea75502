import type { CheckId, ReadinessReport } from "@/lib/host-readiness";
import { checkBridge } from "./check-bridge";
import { checkCgroups } from "./check-cgroups";
import { checkContext, outcome, type Check, type CheckContext, type CheckOutcome } from "./check-context";
import { checkDefaultConf } from "./check-default-conf";
import { checkDisk } from "./check-disk";
import { checkForwarding } from "./check-forwarding";
import { checkKernel, forgetKernelAnswer } from "./check-kernel";
import { checkLxcTools } from "./check-lxc-tools";
import { checkSubordinateIds } from "./check-subordinate-ids";
import { checkUsernet } from "./check-usernet";
import type { HostUser } from "./host-user";
import { processSingleton } from "../process-singleton";

/** Every check, in the order the checklist shows them (each builds on the ones above). */
export const CHECKS: Record<CheckId, Check> = {
  "lxc-tools": checkLxcTools,
  kernel: checkKernel,
  bridge: checkBridge,
  "subordinate-ids": checkSubordinateIds,
  "default-conf": checkDefaultConf,
  usernet: checkUsernet,
  cgroups: checkCgroups,
  disk: checkDisk,
  forwarding: checkForwarding,
};

export function isCheckId(id: unknown): id is CheckId {
  return typeof id === "string" && Object.hasOwn(CHECKS, id);
}

/** One check; a check that throws is a row saying so, never a failed page. */
export async function runCheck(id: CheckId, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    return await CHECKS[id](ctx);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return outcome(ctx, id, { state: "wrong", found: `the check itself failed: ${why}`, essential: false });
  }
}

/** Every check for `user` (default: the user this process runs as), run side by side. */
export async function checkHost(options: { user?: HostUser; dashboard: boolean }): Promise<ReadinessReport> {
  const ctx = await checkContext(options);
  const ids = Object.keys(CHECKS) as CheckId[];
  const outcomes = await Promise.all(ids.map((id) => runCheck(id, ctx)));
  return { user: ctx.user.name, root: ctx.user.uid === 0, rows: outcomes.map((o) => o.row), checkedAt: new Date().toISOString() };
}

/**
 * The running user's report, shared for CACHE_MS: every page's top bar asks
 * for it, and the checks run lxc-checkconfig and lxc-ls. One per process (processSingleton).
 */
const CACHE_MS = 15_000;
type Cache = { at: number; report: Promise<ReadinessReport> } | null;

function cacheSlot(): { value: Cache } {
  return processSingleton<{ value: Cache }>("host-readiness", () => ({ value: null }));
}

export function cachedHostReadiness(): Promise<ReadinessReport> {
  const slot = cacheSlot();
  if (slot.value && Date.now() - slot.value.at < CACHE_MS) return slot.value.report;
  const report = checkHost({ dashboard: true });
  slot.value = { at: Date.now(), report };
  // A failed run is not kept: the next ask tries again.
  report.catch(() => {
    if (slot.value?.report === report) slot.value = null;
  });
  return report;
}

/**
 * Runs one check again and puts its row into the cached report, keeping the
 * report's age: the live state's lxc-net watch, which knows only the bridge
 * changed, gets the banner right at once without running every check.
 */
export async function recheckHostRow(id: CheckId): Promise<ReadinessReport> {
  const slot = cacheSlot();
  const base = await cachedHostReadiness();
  const { row } = await runCheck(id, await checkContext({ dashboard: true }));
  const report: ReadinessReport = { ...base, rows: base.rows.map((r) => (r.id === id ? row : r)), checkedAt: new Date().toISOString() };
  slot.value = { at: slot.value?.at ?? Date.now(), report: Promise.resolve(report) };
  return report;
}

/** After a fix, or when a person asks to check again. */
export function forgetHostReadiness(): void {
  cacheSlot().value = null;
}

/** A viewer's "check again" reuses a report younger than this: clicks cannot spawn lxc-checkconfig on demand. */
const MIN_RECHECK_MS = 10_000;

/** Every check run again, unless the report is under MIN_RECHECK_MS old and `force` (an admin) is not set. */
export function recheckHostReadiness({ force }: { force: boolean }): Promise<ReadinessReport> {
  const cached = cacheSlot().value;
  if (!force && cached && Date.now() - cached.at < MIN_RECHECK_MS) return cached.report;
  // An admin asking again gets lxc-checkconfig run again too (a viewer, its kept answer).
  if (force) forgetKernelAnswer();
  forgetHostReadiness();
  return cachedHostReadiness();
}
