import type { ContainerSummary } from "@/lib/container-types";
import { subscribeContainers, type StoreChange } from "../live";
import { processSingleton } from "../process-singleton";
import {
  configureForwardEngine,
  expectsTable,
  forgetAppliedRuleset,
  forwardedContainers,
  reconcileForwards,
  serialized,
  type EngineSettings,
  type Reconciled,
} from "./forward-engine";
import { listTable } from "./nftables";

/**
 * How the engine follows the containers: the live state store (issue 9)
 * tells it when a forwarded container starts, stops, changes its address or
 * goes; a round runs then, batched. Every 30 s it also checks that the
 * nftables table it wrote is still in the kernel (a firewall reload or
 * `nft flush ruleset` takes it) and writes it again when not.
 */

const BATCH_MS = 150;
const SAFETY_MS = 30_000;

interface Follower {
  unsubscribe: (() => void) | null;
  timer: NodeJS.Timeout | null;
  reasons: string[];
  batch: NodeJS.Timeout | null;
}

function follower(): Follower {
  return processSingleton<Follower>("forward-follower", () => ({ unsubscribe: null, timer: null, reasons: [], batch: null }));
}

const EMPTY: Reconciled = { changes: [], failed: new Map() };

/** One round now, for `reason` (after a lifecycle action of ours, or a change the store saw). */
export function followContainers(reason = "the containers changed"): Promise<Reconciled> {
  return serialized(() => reconcileForwards({ actor: "dashboard", reason })).catch((err: unknown) => {
    console.error("forwards: a follow-up round failed:", err);
    return EMPTY;
  });
}

/** Why a store change matters to a forward, or null when it does not. */
export function changeReason(change: StoreChange, forwarded: ReadonlySet<string>): string | null {
  if (change.kind === "remove") return forwarded.has(change.name) ? `${change.name} is gone` : null;
  if (change.kind !== "upsert" || !forwarded.has(change.row.name)) return null;
  const { row, before } = change;
  if (!before) return `${row.name} appeared`;
  if (before.state !== row.state) return `${row.name} is ${row.state.toLowerCase()}`;
  if (!sameAddresses(before, row)) return `${row.name}'s address is now ${row.ipv4.join(", ") || "none"}`;
  return null;
}

function sameAddresses(a: ContainerSummary, b: ContainerSummary): boolean {
  return a.ipv4.length === b.ipv4.length && a.ipv4.every((x, i) => x === b.ipv4[i]);
}

function onStoreChange(change: StoreChange): void {
  const reason = changeReason(change, forwardedContainers());
  if (!reason) return;
  const f = follower();
  f.reasons.push(reason);
  f.batch ??= setTimeout(() => {
    const reasons = f.reasons.splice(0).join("; ");
    f.batch = null;
    void followContainers(reasons);
  }, BATCH_MS);
}

async function safetyRound(table: string): Promise<void> {
  if (expectsTable() && (await listTable(table)) === null) {
    forgetAppliedRuleset();
    await followContainers(`the table ip ${table} was gone from the kernel`);
  }
}

/** Starts the engine in this process: restores the stored forwards now, then follows the containers. */
export async function startForwardEngine(settings: EngineSettings): Promise<Reconciled> {
  configureForwardEngine(settings);
  const restored = await serialized(() => reconcileForwards({ actor: "dashboard", reason: "forwards restored at start" }));
  const f = follower();
  f.unsubscribe ??= subscribeContainers(onStoreChange);
  f.timer ??= setInterval(() => void safetyRound(settings.table).catch((err: unknown) => console.error("forwards:", err)), SAFETY_MS);
  f.timer.unref();
  return restored;
}

/** Stops following (a proxy closes with the process). */
export function stopForwardEngine(): void {
  const f = follower();
  f.unsubscribe?.();
  f.unsubscribe = null;
  if (f.timer) clearInterval(f.timer);
  f.timer = null;
}
