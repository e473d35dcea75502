import type { ForwardMechanism, ForwardState } from "@/lib/forwards";
import { recordEvent } from "../audit";
import { db } from "../db";
import { containerExists } from "../lxc";
import { readBridgeNetwork } from "../lxc/bridge-network";
import { publishDataChanged } from "../live/data-changed";
import { processSingleton } from "../process-singleton";
import { recordForwardChanges, recordForwardGone } from "./forward-activity";
import { readTargets, type ContainerTarget } from "./forward-targets";
import { applyRuleset } from "./nftables";
import { forwardsRuleset, type ActiveRule } from "./nft-ruleset";
import { closeProxy, openProxies, openProxy } from "./tcp-proxy";

/**
 * The one place that makes the host match the stored forwards: each forward
 * whose container runs with an address is applied (nftables rules, or a
 * proxy listener), the others wait. It runs at start (restoring forwards
 * after a reboot), after every change of a forward, and whenever the live
 * state sees a forwarded container start, stop, change its address or go
 * (forward-follow.ts). Runs one at a time; every change it makes is an audit
 * row, and every change of a forward's state an Activity row.
 */

export interface ForwardStatus {
  state: ForwardState;
  target: string | null;
  reason: string | null;
}

export interface EngineSettings {
  mechanism: ForwardMechanism;
  /** The nftables table, with mechanism "nftables". */
  table: string;
}

/** Who or what made the engine run, for the audit rows of what it changes. */
export interface Cause {
  actor: string;
  address?: string | null;
  /** Why, in words: "restored at start", "web's address changed"... */
  reason: string;
  /** The caller writes its own audit row with the changes returned; the engine writes none for them. */
  callerAudits?: boolean;
}

export interface Reconciled {
  /** What was applied, each with its exact command (and the ruleset, for nft). */
  changes: string[];
  /** Forwards that could not be applied, by id, with the reason. */
  failed: Map<number, string>;
}

interface EngineState {
  settings: EngineSettings | null;
  statuses: Map<number, ForwardStatus>;
  /** The ruleset nft last accepted from this process; null: unknown (never applied, or the last try failed). */
  appliedRuleset: string | null;
  /** Whether this process has written the table, so it may drop it when no forward is left. */
  ownsTable: boolean;
  queue: Promise<unknown>;
  lastError: string | null;
  forwardedContainers: Set<string>;
}

function engine(): EngineState {
  return processSingleton<EngineState>("forward-engine", () => ({
    settings: null,
    statuses: new Map(),
    appliedRuleset: null,
    ownsTable: false,
    queue: Promise.resolve(),
    lastError: null,
    forwardedContainers: new Set(),
  }));
}

/** Runs `work` after whatever the engine is doing: one change of forwards at a time. */
export function serialized<T>(work: () => Promise<T>): Promise<T> {
  const e = engine();
  const run = e.queue.then(work, work);
  e.queue = run.catch(() => undefined);
  return run;
}

export function engineSettings(): EngineSettings | null {
  return engine().settings;
}

/** Each forward's state as last applied; a forward the engine has not seen yet is absent. */
export function forwardStatuses(): ReadonlyMap<number, ForwardStatus> {
  return engine().statuses;
}

/** The last failure to apply (nft's or a proxy's), for the Host page; null when the last apply worked. */
export function lastApplyError(): string | null {
  return engine().lastError;
}

async function audit(cause: Cause, action: string, container: string | null, command: string, outcome: "ok" | "failed", detail: string) {
  await recordEvent({ actor: cause.actor, address: cause.address ?? null, action, container, command, outcome, detail });
}

interface Desired {
  row: { id: number; container: string; protocol: string; hostPort: number; containerPort: number };
  address: string | null;
  waiting: string | null;
}

function waitingReason(container: string, target: ContainerTarget): string {
  return target.running ? `${container} has no IPv4 address yet.` : `${container} is not running; the forward applies when it starts.`;
}

async function applyNftables(settings: EngineSettings, desired: Desired[], bridge: Awaited<ReturnType<typeof readBridgeNetwork>>, cause: Cause, out: Reconciled) {
  const e = engine();
  const active: ActiveRule[] = desired.flatMap((d) =>
    d.address === null ? [] : [{ ...d.row, protocol: d.row.protocol as ActiveRule["protocol"], address: d.address }],
  );
  const ruleset = forwardsRuleset(settings.table, active, bridge ? { address: bridge.address, subnet: bridge.subnet } : null);
  let failure: string | null = null;
  if (ruleset !== e.appliedRuleset) {
    try {
      const command = await applyRuleset(ruleset);
      e.appliedRuleset = ruleset;
      e.ownsTable = true;
      e.lastError = null;
      out.changes.push(`${command}\n${ruleset}`);
      if (!cause.callerAudits) await audit(cause, "apply forwards", null, command, "ok", `${cause.reason}\n${ruleset}`);
    } catch (err) {
      e.appliedRuleset = null;
      failure = err instanceof Error ? err.message : String(err);
      e.lastError = failure;
      if (!cause.callerAudits) await audit(cause, "apply forwards", null, "nft -f", "failed", `${cause.reason}: ${failure}\n${ruleset}`);
    }
  }
  for (const d of desired) {
    if (d.address === null) e.statuses.set(d.row.id, { state: "waiting", target: null, reason: d.waiting });
    else if (failure) {
      e.statuses.set(d.row.id, { state: "failed", target: null, reason: `nftables refused the rules: ${failure}` });
      out.failed.set(d.row.id, failure);
    } else e.statuses.set(d.row.id, { state: "active", target: `${d.address}:${d.row.containerPort}`, reason: null });
  }
}

function bindFailure(err: unknown, hostPort: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return `Host port ${hostPort} is in use by another program.`;
  if (code === "EACCES") return `The dashboard may not listen on port ${hostPort} (a privileged port).`;
  return `Listening on port ${hostPort} failed: ${(err as Error).message}`;
}

async function applyProxies(desired: Desired[], cause: Cause, out: Reconciled) {
  const e = engine();
  const keep = new Set(desired.filter((d) => d.address !== null).map((d) => d.row.id));
  for (const id of openProxies()) {
    if (keep.has(id)) continue;
    await closeProxy(id);
    const d = desired.find((x) => x.row.id === id);
    const command = `stop listening on port ${d?.row.hostPort ?? "?"} (forward ${id})`;
    out.changes.push(command);
    if (!cause.callerAudits) await audit(cause, "proxy forward", d?.row.container ?? null, command, "ok", cause.reason);
  }
  e.lastError = null;
  for (const d of desired) {
    const { id, hostPort, containerPort, container } = d.row;
    if (d.address === null) {
      e.statuses.set(id, { state: "waiting", target: null, reason: d.waiting });
      continue;
    }
    const target = `${d.address}:${containerPort}`;
    const command = `listen on [::]:${hostPort} and relay to ${target}`;
    try {
      const done = await openProxy(id, hostPort, { address: d.address, port: containerPort });
      e.statuses.set(id, { state: "active", target, reason: null });
      if (done === "unchanged") continue;
      out.changes.push(command);
      if (!cause.callerAudits) await audit(cause, "proxy forward", container, command, "ok", cause.reason);
    } catch (err) {
      const reason = bindFailure(err, hostPort);
      e.lastError = reason;
      e.statuses.set(id, { state: "failed", target: null, reason });
      out.failed.set(id, reason);
      if (!cause.callerAudits) await audit(cause, "proxy forward", container, command, "failed", reason);
    }
  }
}

/**
 * Makes the host match the stored forwards, now (call it inside `serialized`).
 * Forwards of containers that no longer exist are removed with them.
 */
export async function reconcileForwards(cause: Cause): Promise<Reconciled> {
  const e = engine();
  const out: Reconciled = { changes: [], failed: new Map() };
  const settings = e.settings;
  if (!settings) return out;
  let rows = await db().portForward.findMany({ orderBy: { id: "asc" } });
  if (rows.length === 0 && !e.ownsTable && openProxies().length === 0) {
    if (e.statuses.size > 0) publishDataChanged("forwards", null);
    e.statuses.clear();
    return out;
  }
  const bridge = await readBridgeNetwork();
  const targets = rows.length === 0 ? new Map<string, ContainerTarget>() : await readTargets(bridge);
  // The live state may not have seen a container made a moment ago: only one whose config is gone is gone.
  const gone: typeof rows = [];
  for (const r of rows) if (!targets.has(r.container) && !(await containerExists(r.container))) gone.push(r);
  for (const r of gone) {
    await db().portForward.deleteMany({ where: { id: r.id } });
    e.statuses.delete(r.id);
    const detail = `${r.container} no longer exists, so its forward went with it.`;
    await audit({ ...cause, actor: "dashboard" }, "remove forward", r.container, `${r.protocol} ${r.hostPort} → ${r.container}:${r.containerPort}`, "ok", detail);
    await recordForwardGone(r);
  }
  rows = rows.filter((r) => !gone.includes(r));
  for (const id of e.statuses.keys()) if (!rows.some((r) => r.id === id)) e.statuses.delete(id);
  e.forwardedContainers = new Set(rows.map((r) => r.container));

  const desired: Desired[] = rows.map((row) => {
    const target = targets.get(row.container) ?? { running: false, address: null };
    const address = target.running ? target.address : null;
    return { row, address, waiting: address === null ? waitingReason(row.container, target) : null };
  });
  const before = new Map(e.statuses);
  if (settings.mechanism === "nftables") await applyNftables(settings, desired, bridge, cause, out);
  else await applyProxies(desired, cause, out);
  await recordForwardChanges(rows, before, e.statuses, cause.actor);
  if (gone.length > 0 || statusesDiffer(before, e.statuses)) publishDataChanged("forwards", null);
  return out;
}

/** Whether a forward was added, removed or changed state, target or reason (what the Ports page and the Services tables show). */
function statusesDiffer(before: ReadonlyMap<number, ForwardStatus>, after: ReadonlyMap<number, ForwardStatus>): boolean {
  if (before.size !== after.size) return true;
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was || was.state !== now.state || was.target !== now.target || was.reason !== now.reason) return true;
  }
  return false;
}

/** The containers that have forwards, as of the last round: whose changes the engine follows. */
export function forwardedContainers(): ReadonlySet<string> {
  return engine().forwardedContainers;
}

/** Sets the engine up in this process (the follow-up rounds are forward-follow.ts's). */
export function configureForwardEngine(settings: EngineSettings): void {
  engine().settings = settings;
}

/**
 * Forget what nft was last given, so the next round writes the table again:
 * when the table is found missing (a reboot, someone's `nft flush ruleset`).
 */
export function forgetAppliedRuleset(): void {
  engine().appliedRuleset = null;
}

/** Whether this process has active nftables rules it expects in the kernel. */
export function expectsTable(): boolean {
  const e = engine();
  return e.settings?.mechanism === "nftables" && e.appliedRuleset !== null && [...e.statuses.values()].some((s) => s.state === "active");
}
