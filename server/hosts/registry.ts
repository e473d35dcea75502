import type { ContainerSummary } from "@/lib/container-types";
import type { HostHealth, HostSummary, ListHost } from "@/lib/hosts";
import { publishLive } from "../live/live-bus";
import { processSingleton } from "../process-singleton";
import { closeIncusAgents } from "../incus/rest";
import { checkIncusHealth, type CheckedHealth } from "./health";
import { IncusStateStore, type StreamStatus } from "./incus-store";
import { listTargets, type TargetRecord } from "./target-store";

/**
 * Every Incus target the dashboard manages, with its state store and its
 * last health check: made once per process (processSingleton), filled from
 * the database on first use (server/index.ts starts it at start-up), told
 * when a target is added or removed. Each store's changes go to every tab
 * (the same "container" events as the classic store's, carrying their
 * target), and each target's health to the Hosts page and the list.
 */
export interface HostEntry {
  record: TargetRecord;
  store: IncusStateStore;
  health: CheckedHealth;
  stopFeeds: () => void;
}

const HEALTH_EVERY_MS = 60_000;

interface Registry {
  entries: Map<string, HostEntry>;
  loaded: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

function registry(): Registry {
  return processSingleton<Registry>("host-registry", () => ({ entries: new Map(), loaded: null, timer: null }));
}

/** Loads the targets from the database once and starts their stores (idempotent). */
export function startHosts(): Promise<void> {
  const r = registry();
  r.loaded ??= (async () => {
    for (const record of await listTargets()) attach(record);
    r.timer = setInterval(() => void checkAllHosts(), HEALTH_EVERY_MS);
    r.timer.unref();
  })().catch((err: unknown) => {
    r.loaded = null;
    throw err;
  });
  return r.loaded;
}

/** The entries, loaded. */
export async function hostEntries(): Promise<HostEntry[]> {
  await startHosts();
  return [...registry().entries.values()];
}

export async function hostEntry(name: string): Promise<HostEntry | null> {
  await startHosts();
  return registry().entries.get(name) ?? null;
}

/** A target just saved: its store starts, its rows reach every tab. */
export function attachHost(record: TargetRecord, health?: CheckedHealth): HostEntry {
  const entry = attach(record, health);
  publishHosts();
  return entry;
}

/** A target removed: its store stops, its rows leave every tab. */
export function detachHost(name: string): void {
  const r = registry();
  const entry = r.entries.get(name);
  if (!entry) return;
  r.entries.delete(name);
  entry.stopFeeds();
  entry.store.stop();
  for (const row of entry.store.list()) publishLive({ type: "container-removed", name: row.name, target: name, cause: null });
  closeIncusAgents();
  publishHosts();
}

/** Checks one target again now. */
export async function checkHost(name: string): Promise<HostEntry | null> {
  const entry = await hostEntry(name);
  if (!entry) return null;
  entry.health = await checkIncusHealth(name, entry.record.endpoint);
  // A host that answers again: read its containers now rather than at the next resync.
  if (entry.health.state === "ok") await entry.store.resync();
  publishHosts();
  return entry;
}

export async function checkAllHosts(): Promise<void> {
  const entries = [...registry().entries.values()];
  await Promise.all(entries.map(async (e) => (e.health = await checkIncusHealth(e.record.name, e.record.endpoint))));
  if (entries.length > 0) publishHosts();
}

/** Every Incus container, from memory. */
export async function incusContainers(): Promise<ContainerSummary[]> {
  return (await hostEntries()).flatMap((e) => e.store.list());
}

export function healthOf(entry: HostEntry): HostHealth {
  const stream = entry.store.streamStatus();
  const streamProblem = stream.up ? (stream.resyncProblem ? `reading its containers failed: ${stream.resyncProblem}` : null) : stream.problem;
  return { ...entry.health, stream: { up: stream.up, problem: streamProblem }, containers: entry.store.list().length };
}

export function summaryOf(entry: HostEntry): HostSummary {
  const { record } = entry;
  return {
    name: record.name,
    kind: "incus",
    transport: record.transport,
    address: record.address,
    fingerprint: record.fingerprint,
    project: record.project,
    addedBy: record.addedBy,
    health: healthOf(entry),
  };
}

export function listHostOf(entry: HostEntry): ListHost {
  const health = healthOf(entry);
  const problem = !health.stream.up
    ? `${entry.record.name}: its event stream is down (${health.stream.problem ?? "reconnecting"}); its rows may be out of date`
    : health.stream.problem
      ? `${entry.record.name}: ${health.stream.problem}`
      : null;
  return { name: entry.record.name, kind: "incus", streamUp: health.stream.up, problem };
}

/** Tells every tab the hosts' list-level state (the Host column, a stream down). */
export function publishHosts(): void {
  const incus = [...registry().entries.values()].map(listHostOf);
  publishLive({ type: "hosts", hosts: incus });
}

function attach(record: TargetRecord, health?: CheckedHealth): HostEntry {
  const r = registry();
  const existing = r.entries.get(record.name);
  if (existing) return existing;
  const store = new IncusStateStore({ name: record.name, endpoint: record.endpoint, project: record.project, local: record.transport === "socket" });
  const entry: HostEntry = {
    record,
    store,
    health: health ?? { state: "checking", problem: null, version: null, clustered: false, members: [], checkedAt: null },
    stopFeeds: () => {},
  };
  const stopRows = store.subscribe((change) => {
    if (change.kind === "upsert") publishLive({ type: "container", container: change.row, cause: change.cause });
    else if (change.kind === "remove") publishLive({ type: "container-removed", name: change.name, target: record.name, cause: change.cause });
  });
  const stopStatus = store.onStatus((status: StreamStatus) => {
    // The stream back after a failure: look at the host too, it may have been down.
    if (status.up && entry.health.state !== "ok") void checkHost(record.name);
    else publishHosts();
  });
  entry.stopFeeds = () => {
    stopRows();
    stopStatus();
  };
  r.entries.set(record.name, entry);
  void store.start();
  if (!health) void checkIncusHealth(record.name, record.endpoint).then((h) => {
    entry.health = h;
    publishHosts();
  });
  return entry;
}

/** Stops every host's store and health checks (server shutdown, tests). */
export function stopHosts(): void {
  const r = registry();
  if (r.timer) clearInterval(r.timer);
  r.timer = null;
  for (const entry of r.entries.values()) {
    entry.stopFeeds();
    entry.store.stop();
  }
  r.entries.clear();
  r.loaded = null;
  closeIncusAgents();
}
