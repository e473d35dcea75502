import type { ContainerSummary } from "@/lib/container-types";
import { containerNameProblem } from "@/lib/container-name";
import type { ChangeCause, LiveWatcherStatus } from "@/lib/live-events";
import { isLxcError, parseLxcLs, runToolOrThrow, type LifecycleNotice } from "../lxc";
import type { LxcLsColumn } from "../lxc/parse-lxc-ls";
import { configColumns, readContainerNow, runtimeColumns, type RuntimeColumns } from "./container-facts";
import { ContainerNetwork } from "./container-network";
import { watchLxcpath, type LxcpathWatch } from "./lxcpath-watch";
import type { MonitorLine } from "./monitor-line";
import { startMonitorWatcher, type MonitorWatcher } from "./monitor-watcher";
import { readListedStates, reconcilePlan } from "./reconcile-lists";
import { diffStates, mergeReconciled, sameRow } from "./state-diff";

/**
 * The one place that knows the containers of one lxcpath, kept in memory
 * from events: lxc-monitor (state changes, exits), a watch on the lxcpath
 * directory (containers made, removed or reconfigured by hand), a
 * reconciliation with lxc-ls every 30 s and after every monitor restart, and
 * the running containers' addresses and memory from /proc and their cgroups.
 * Reading it spawns nothing.
 */

export type StoreChange =
  | { kind: "upsert"; row: ContainerSummary; before: ContainerSummary | null; cause: ChangeCause }
  | { kind: "remove"; name: string; before: ContainerSummary; cause: ChangeCause }
  /** The monitor's "exited with status [N]" (comes just before STOPPING/STOPPED). */
  | { kind: "exit"; name: string; status: number; cause: ChangeCause }
  | { kind: "watcher"; status: LiveWatcherStatus }
  /** The container's snapshots changed on disk (made, finished or removed, by anyone). */
  | { kind: "snapshots"; name: string };

export type StoreListener = (change: StoreChange) => void;

export interface StoreTimings {
  reconcileMs: number;
  /** Running containers without an address (recently started) are looked at this often... */
  fastRuntimeMs: number;
  /** ...for this long after they started; every running container with each reconciliation. */
  fastWindowMs: number;
  /** How long after our own action ends its events are still ours. */
  intentGraceMs: number;
}

export const DEFAULT_TIMINGS: StoreTimings = {
  reconcileMs: 30_000,
  fastRuntimeMs: 1000,
  fastWindowMs: 90_000,
  intentGraceMs: 1500,
};

/**
 * Every this many timed reconciliations, and at start and after a monitor
 * restart, the full form (`lxc-ls -f`: every row's columns, autostart and
 * privilege included); between them the cheap form (reconcile-lists.ts).
 */
const FULL_EVERY = 10;
/** More containers than this to read again at once: one lxc-ls -f is cheaper than that many lxc-info. */
const REFRESH_AT_MOST = 8;
/** The columns a full reconciliation asks lxc-ls for: the cheap ones (addresses and memory come from /proc). */
const RECONCILE_COLUMNS: readonly LxcLsColumn[] = ["NAME", "STATE", "PID", "AUTOSTART", "UNPRIVILEGED"];
/** Memory moving less than this is not a change worth pushing to every tab. */
const MEMORY_SLACK = 512 * 1024;

interface Intent {
  actor: string;
  /** While the action runs: null; after it ended, when its events stop being ours. */
  until: number | null;
  /** The state the action ends in (null: the container is gone); once seen after the action, later changes are not ours. */
  target: string | null;
}

const TARGET_STATE: Record<LifecycleNotice["action"], string | null> = {
  start: "RUNNING",
  stop: "STOPPED",
  kill: "STOPPED",
  restart: "RUNNING",
  freeze: "FROZEN",
  unfreeze: "RUNNING",
  destroy: null,
  create: "STOPPED",
};

export class LiveStateStore {
  readonly lxcpath: string;
  private rows = new Map<string, ContainerSummary>();
  private listeners = new Set<StoreListener>();
  private intents = new Map<string, Intent>();
  private startedAt = new Map<string, number>();
  /** Bumped by every monitor event for a container: a read that began before the latest event is read again. */
  private eventSeq = new Map<string, number>();
  private monitor: MonitorWatcher | null = null;
  private watch: LxcpathWatch | null = null;
  private timers: NodeJS.Timeout[] = [];
  private reconciling: Promise<void> | null = null;
  private refreshing = new Map<string, Promise<void>>();
  private status: LiveWatcherStatus;
  private readonly network = new ContainerNetwork();
  private ready: Promise<void> | null = null;
  private timedReconciles = 0;
  toolsMissing = false;

  constructor(
    lxcpath: string,
    private readonly timings: StoreTimings = DEFAULT_TIMINGS,
  ) {
    this.lxcpath = lxcpath;
    this.status = { lxcpath, monitorUp: false, monitorProblem: "not started yet", reconciledAt: null, monitorRestarts: 0 };
  }

  /** Starts the watchers; resolves once the first reconciliation has filled the store. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      this.monitor = startMonitorWatcher(this.lxcpath, {
        onEvent: (line) => this.onMonitorEvent(line),
        onUp: (_pid, restarted) => {
          this.setStatus({ monitorUp: true, monitorProblem: null, monitorRestarts: this.status.monitorRestarts + (restarted ? 1 : 0) });
          // Events between the old monitor's death and this one's start are lost: look at everything.
          if (restarted) setTimeout(() => void this.reconcile(true), 200).unref();
        },
        onDown: (problem) => this.setStatus({ monitorUp: false, monitorProblem: problem }),
      });
      this.watch = watchLxcpath(
        this.lxcpath,
        (name) => void this.lookAt(name),
        (name) => {
          if (!containerNameProblem(name)) this.emit({ kind: "snapshots", name });
        },
      );
      this.every(this.timings.reconcileMs, () => this.reconcile(++this.timedReconciles % FULL_EVERY === 0));
      // Every running container's addresses and memory are read again by each reconciliation (every 30 s).
      this.every(this.timings.fastRuntimeMs, () => this.refreshRuntime("fast"));
      await this.reconcile(true);
    })();
    return this.ready;
  }

  stop(): void {
    this.monitor?.stop();
    this.watch?.close();
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  /** Every container, as the list shows it. */
  list(): ContainerSummary[] {
    return [...this.rows.values()];
  }

  get(name: string): ContainerSummary | null {
    return this.rows.get(name) ?? null;
  }

  watcherStatus(): LiveWatcherStatus {
    return { ...this.status };
  }

  monitorPid(): number | null {
    return this.monitor?.pid() ?? null;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Our own action on a container: its changes are the dashboard's (by `actor`), and the store looks at once when it ends. */
  onLifecycle(notice: LifecycleNotice): void {
    if (notice.lxcpath !== this.lxcpath) return;
    const target = TARGET_STATE[notice.action];
    if (notice.phase === "before") {
      this.intents.set(notice.name, { actor: notice.actor, until: null, target });
      return;
    }
    // Already in the state the action ends in: nothing after this is ours. Else its last events may still come.
    if (notice.ok && this.rows.get(notice.name)?.state === target && target !== null) this.intents.delete(notice.name);
    else this.intents.set(notice.name, { actor: notice.actor, until: Date.now() + this.timings.intentGraceMs, target });
    void this.refresh(notice.name);
  }

  /** Reads everything again with lxc-ls (the safety net); concurrent callers share one run. */
  /** Looks at every container with lxc-ls; `full`: with every column (lxc-ls -f), else from plain lists. */
  reconcile(full = false): Promise<void> {
    this.reconciling ??= (full ? this.runReconcile() : this.runCheapReconcile()).finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  /** Reads one container again now (lxc-info and its config). */
  refresh(name: string): Promise<void> {
    let running = this.refreshing.get(name);
    if (!running) {
      running = this.runRefresh(name).finally(() => this.refreshing.delete(name));
      this.refreshing.set(name, running);
    }
    return running;
  }

  // ---- inputs

  private onMonitorEvent(line: Exclude<MonitorLine, { kind: "ignored" }>): void {
    this.eventSeq.set(line.name, (this.eventSeq.get(line.name) ?? 0) + 1);
    const cause = this.causeFor(line.name);
    if (line.kind === "exit") return this.emit({ kind: "exit", name: line.name, status: line.status, cause });
    const known = this.rows.get(line.name);
    if (!known) return void this.refresh(line.name);
    // lxc-monitor says THAWED when a frozen container runs again; lxc-ls and lxc-info say RUNNING.
    const state = line.state === "THAWED" ? "RUNNING" : line.state;
    const row: ContainerSummary =
      state === "STOPPED" || state === "STARTING"
        ? { ...withoutNote(known), state, pid: null, memoryBytes: null, ipv4: [], ipv6: [] }
        : { ...known, state };
    if (row.pid === null) this.network.forget(line.name);
    this.put(row, cause);
    // The init PID (and, later, addresses) of a container that just started.
    if (state === "RUNNING" && known.state !== "FROZEN" && line.state !== "THAWED") {
      this.startedAt.set(line.name, Date.now());
      void this.refresh(line.name);
    }
  }

  /** The lxcpath watch saw `name` change: a container made, removed or reconfigured. */
  private async lookAt(name: string): Promise<void> {
    if (containerNameProblem(name)) return;
    const config = await configColumns(this.lxcpath, name);
    const known = this.rows.get(name);
    if (!config) {
      if (known) this.remove(name, this.causeFor(name));
      return;
    }
    if (!known) return this.refresh(name);
    if (known.autostart !== config.autostart || known.unprivileged !== config.unprivileged) this.put({ ...known, ...config }, this.causeFor(name));
  }

  private async runRefresh(name: string): Promise<void> {
    try {
      let read: Awaited<ReturnType<typeof readContainerNow>>;
      // An event that arrives while lxc-info runs is newer than its answer: read again (a few times at most).
      for (let tries = 0; ; tries++) {
        const seq = this.eventSeq.get(name) ?? 0;
        read = await readContainerNow(this.lxcpath, name);
        if (seq === (this.eventSeq.get(name) ?? 0) || tries >= 3) break;
      }
      const cause = this.causeFor(name);
      if (!read) {
        if (this.rows.has(name)) this.remove(name, cause);
        return;
      }
      const { row, links } = read;
      this.network.setLinks(name, row.pid, links);
      const runtime = row.pid !== null ? await runtimeColumns(row.pid, name) : null;
      this.put(await this.withNetwork(runtime ? { ...row, ...pickKnown(runtime, row) } : row), cause);
    } catch (err) {
      console.warn(`live: could not read ${name}: ${isLxcError(err) ? err.message : String(err)}`);
    }
  }

  /** The cheap form: three plain lists, and lxc-info for only the containers they contradict. */
  private async runCheapReconcile(): Promise<void> {
    let plan: ReturnType<typeof reconcilePlan>;
    let all: string[];
    try {
      const listed = await readListedStates(this.lxcpath);
      this.toolsMissing = false;
      plan = reconcilePlan(this.rows, listed);
      all = listed.all;
    } catch (err) {
      if (isLxcError(err) && err.code === "TOOL_MISSING") this.toolsMissing = true;
      console.warn(`live: reconciliation failed: ${isLxcError(err) ? err.message : String(err)}`);
      return;
    }
    if (plan.refresh.length > REFRESH_AT_MOST) return this.runReconcile();
    for (const name of plan.removed) this.remove(name, this.causeFor(name));
    for (const name of plan.refresh) await this.refresh(name);
    this.watch?.track(all);
    this.setStatus({ reconciledAt: new Date().toISOString() });
    await this.refreshRuntime("all");
  }

  private async runReconcile(): Promise<void> {
    let listed: ContainerSummary[];
    try {
      const { stdout } = await runToolOrThrow(["lxc-ls", "-P", this.lxcpath, "-f", "-F", RECONCILE_COLUMNS.join(",")]);
      listed = parseLxcLs(stdout, RECONCILE_COLUMNS);
      this.toolsMissing = false;
    } catch (err) {
      if (isLxcError(err) && err.code === "TOOL_MISSING") this.toolsMissing = true;
      console.warn(`live: reconciliation failed: ${isLxcError(err) ? err.message : String(err)}`);
      return;
    }
    const next = new Map<string, ContainerSummary>();
    for (const row of listed) {
      if (containerNameProblem(row.name)) continue;
      next.set(row.name, mergeReconciled(this.rows.get(row.name), row));
    }
    const diff = diffStates(this.rows, next, { memorySlack: Number.MAX_SAFE_INTEGER });
    for (const name of diff.removed) this.remove(name, this.causeFor(name));
    for (const row of diff.added) this.put(row, this.causeFor(row.name));
    for (const { after } of diff.changed) this.put(after, this.causeFor(after.name));
    this.watch?.track([...next.keys()]);
    this.setStatus({ reconciledAt: new Date().toISOString() });
    await this.refreshRuntime("all");
  }

  /** Addresses and memory of running containers from /proc: all of them, or those recently started without an address. */
  private async refreshRuntime(which: "fast" | "all"): Promise<void> {
    if (which === "all") await this.network.look();
    const now = Date.now();
    const due = [...this.rows.values()].filter(
      (r) =>
        r.state === "RUNNING" &&
        r.pid !== null &&
        (which === "all" || (r.ipv4.length === 0 && now - (this.startedAt.get(r.name) ?? 0) < this.timings.fastWindowMs)),
    );
    await Promise.all(
      due.map(async (r) => {
        // Already running when the dashboard started: its links are asked for only while lxc-net is in trouble.
        if (this.network.wantsLinks(r.name, r.pid!)) void this.refresh(r.name);
        const runtime = await runtimeColumns(r.pid!, r.name);
        const current = this.rows.get(r.name);
        if (!runtime || !current || current.pid !== r.pid) return;
        const row = await this.withNetwork({ ...current, ...pickKnown(runtime, current) });
        if (this.rows.get(r.name)?.pid !== r.pid) return;
        if (!sameRow(current, row, MEMORY_SLACK)) this.put(row, null);
      }),
    );
  }

  /** A lease handed out on the bridge: look at the containers still waiting for an address now. */
  addressesMayHaveChanged(): void {
    void this.refreshRuntime("fast");
  }

  /** lxc-net's bridge or DHCP changed (lxc-net stopped or started): every running container's addresses, now. */
  networkMayHaveChanged(): Promise<void> {
    return this.refreshRuntime("all");
  }

  /**
   * A running container's row as the host sees its addresses: none, and a
   * note saying why, when the bridge it is on is down or it is on no bridge
   * (see address-note.ts).
   */
  private async withNetwork(row: ContainerSummary): Promise<ContainerSummary> {
    if (row.state !== "RUNNING" || row.pid === null) return withoutNote(row);
    const shown = await this.network.shown(row.name, row.pid, row);
    const base = withoutNote(row);
    return shown.addressNote === undefined ? { ...base, ipv4: shown.ipv4, ipv6: shown.ipv6 } : { ...base, ...shown };
  }

  // ---- outputs

  private put(row: ContainerSummary, cause: ChangeCause | null): void {
    const before = this.rows.get(row.name) ?? null;
    if (before && sameRow(before, row)) return;
    this.rows.set(row.name, row);
    const intent = this.intents.get(row.name);
    // Our action has ended and reached its state: what happens next is not ours.
    if (intent && intent.until !== null && intent.target === row.state) this.intents.delete(row.name);
    if (!before) this.watch?.track([row.name]);
    this.emit({ kind: "upsert", row, before, cause: cause ?? { by: "outside" } });
  }

  private remove(name: string, cause: ChangeCause): void {
    const before = this.rows.get(name);
    if (!before) return;
    this.rows.delete(name);
    this.startedAt.delete(name);
    this.network.forget(name);
    this.watch?.forget(name);
    this.emit({ kind: "remove", name, before, cause });
  }

  private causeFor(name: string): ChangeCause {
    const intent = this.intents.get(name);
    if (intent && (intent.until === null || Date.now() <= intent.until)) return { by: "dashboard", actor: intent.actor };
    if (intent) this.intents.delete(name);
    return { by: "outside" };
  }

  private setStatus(patch: Partial<LiveWatcherStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emit({ kind: "watcher", status: this.watcherStatus() });
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        console.error("live: a state listener failed", err);
      }
    }
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => void fn().catch((err: unknown) => console.error("live:", err)), ms);
    t.unref();
    this.timers.push(t);
  }
}

function withoutNote(row: ContainerSummary): ContainerSummary {
  if (row.addressNote === undefined) return row;
  const { addressNote: _note, ...rest } = row;
  return rest;
}

/** Runtime columns over a row, keeping the row's addresses when /proc could not be read for them. */
function pickKnown(runtime: RuntimeColumns, row: ContainerSummary) {
  return { ipv4: runtime.ipv4 ?? row.ipv4, ipv6: runtime.ipv6 ?? row.ipv6, memoryBytes: runtime.memoryBytes ?? row.memoryBytes };
}

