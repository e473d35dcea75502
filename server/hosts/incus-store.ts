import type { ContainerSummary } from "@/lib/container-types";
import type { ChangeCause } from "@/lib/live-events";
import type { IncusEvent, IncusInstance, IncusInstanceState } from "../incus/api-types";
import type { IncusEndpoint } from "../incus/endpoint";
import { startEventStream, type EventStream } from "../incus/event-stream";
import { instanceRow, type RowContext } from "../incus/instance-row";
import { isLxcError } from "../lxc/errors";
import { incusSync } from "../incus/rest";
import { diffStates, sameRow } from "../live/state-diff";
import type { StoreChange, StoreListener } from "../live/state-store";
import { incusPaths, withProject } from "./incus-paths";

/**
 * The containers of one Incus target, kept in memory from its event stream
 * (/1.0/events, lifecycle: created, started, stopped, frozen, moved,
 * deleted…), beside the classic LXC's LiveStateStore and read the same way
 * (list, get, subscribe with the same StoreChange). A full resync
 * (GET /1.0/instances?recursion=2) fills it, follows every reconnection of
 * the stream, and runs every 30 s as the safety net; addresses of a
 * container that just started are read from its state every 250 ms until
 * it has one. While the stream is down the store says so (streamStatus),
 * never stale in silence.
 */
export interface IncusStoreOptions {
  name: string;
  endpoint: IncusEndpoint;
  project: string;
  /** The daemon runs on this machine: its init PIDs are ours. */
  local: boolean;
  timings?: Partial<IncusStoreTimings>;
}

export interface IncusStoreTimings {
  resyncMs: number;
  fastRuntimeMs: number;
  fastWindowMs: number;
  intentGraceMs: number;
}

const DEFAULT_TIMINGS: IncusStoreTimings = { resyncMs: 30_000, fastRuntimeMs: 250, fastWindowMs: 60_000, intentGraceMs: 1500 };
const MEMORY_SLACK = 512 * 1024;

export interface StreamStatus {
  up: boolean;
  problem: string | null;
  /** The last full resync (ISO), null before the first. */
  resyncedAt: string | null;
  /** Why the last resync failed (the host not reached…), null when it worked. */
  resyncProblem: string | null;
}

/** Lifecycle actions after which a container's row is read again. */
const INSTANCE_ACTIONS = /^instance-(created|started|stopped|shutdown|paused|resumed|restarted|updated|renamed|restored|migrated)$/;

export class IncusStateStore {
  readonly name: string;
  private rows = new Map<string, ContainerSummary>();
  private listeners = new Set<StoreListener>();
  private statusListeners = new Set<(status: StreamStatus) => void>();
  private intents = new Map<string, { actor: string; until: number | null }>();
  private startedAt = new Map<string, number>();
  private eventSeq = new Map<string, number>();
  private refreshing = new Map<string, Promise<void>>();
  private stream: EventStream | null = null;
  private timers: NodeJS.Timeout[] = [];
  private resyncing: Promise<void> | null = null;
  private ready: Promise<void> | null = null;
  private clustered = false;
  private status: StreamStatus = { up: false, problem: "not connected yet", resyncedAt: null, resyncProblem: null };
  private readonly timings: IncusStoreTimings;

  constructor(private readonly options: IncusStoreOptions) {
    this.name = options.name;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
  }

  /** Opens the event stream and resolves after the first resync (whether it worked or not: streamStatus says). */
  start(): Promise<void> {
    this.ready ??= (async () => {
      this.stream = startEventStream(this.options.endpoint, {
        onEvent: (event) => this.onEvent(event),
        onUp: () => {
          this.setStatus({ up: true, problem: null });
          // Whatever happened while it was down (or before it first opened) is read in full.
          void this.resync();
        },
        onDown: (problem) => this.setStatus({ up: false, problem }),
      });
      this.every(this.timings.resyncMs, () => this.resync());
      this.every(this.timings.fastRuntimeMs, () => this.refreshStarting());
      await this.resync();
    })();
    return this.ready;
  }

  stop(): void {
    this.stream?.stop();
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  list(): ContainerSummary[] {
    return [...this.rows.values()];
  }

  get(name: string): ContainerSummary | null {
    return this.rows.get(name) ?? null;
  }

  streamStatus(): StreamStatus {
    return { ...this.status };
  }

  isClustered(): boolean {
    return this.clustered;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Told when the stream goes up or down, or a resync fails or works again. */
  onStatus(listener: (status: StreamStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  /** Drops the event stream as if the network had (tests of the reconnect and resync). */
  dropStream(): void {
    this.stream?.drop();
  }

  /** Our own action on `name` begins (`phase` before) or ended: its changes are marked the dashboard's, by `actor`. */
  noteAction(name: string, actor: string, phase: "before" | "after"): void {
    this.intents.set(name, { actor, until: phase === "before" ? null : Date.now() + this.timings.intentGraceMs });
    if (phase === "after") void this.refresh(name);
  }

  /** Reads everything again; concurrent callers share one run. */
  resync(): Promise<void> {
    this.resyncing ??= this.runResync().finally(() => (this.resyncing = null));
    return this.resyncing;
  }

  /** Reads one instance again (its config and state); removes it when it is gone. */
  refresh(name: string): Promise<void> {
    let running = this.refreshing.get(name);
    if (!running) {
      running = this.runRefresh(name).finally(() => this.refreshing.delete(name));
      this.refreshing.set(name, running);
    }
    return running;
  }

  // ---- inputs

  private onEvent(event: IncusEvent): void {
    if (event.type !== "lifecycle") return;
    if (event.project && event.project !== this.options.project) return;
    const action = event.metadata.action ?? "";
    const match = /^\/1\.0\/instances\/([^/?]+)/.exec(event.metadata.source ?? "");
    if (!match || !action.startsWith("instance-") || action.startsWith("instance-snapshot") || action.startsWith("instance-backup")) return;
    const name = decodeURIComponent(match[1]!);
    this.eventSeq.set(name, (this.eventSeq.get(name) ?? 0) + 1);
    if (action === "instance-deleted") return this.remove(name, this.causeFor(name));
    if (action === "instance-renamed") {
      const old = event.metadata.context?.old_name;
      if (typeof old === "string") this.remove(old, this.causeFor(old));
    }
    if (action === "instance-started" || action === "instance-restarted" || action === "instance-resumed") this.startedAt.set(name, Date.now());
    if (INSTANCE_ACTIONS.test(action)) void this.refresh(name);
  }

  private rowContext(): RowContext {
    return { target: this.name, local: this.options.local, clustered: this.clustered };
  }

  private path(path: string, extra: Record<string, string> = {}): string {
    return withProject(path, this.options.project, extra);
  }

  private async runResync(): Promise<void> {
    let instances: IncusInstance[];
    try {
      const server = await incusSync<{ environment?: { server_clustered?: boolean } }>(this.options.endpoint, "GET", "/1.0");
      this.clustered = server.environment?.server_clustered === true;
      instances = await incusSync<IncusInstance[]>(this.options.endpoint, "GET", this.path(incusPaths.instances(), { recursion: "2" }), undefined, {
        timeoutMs: 30_000,
      });
    } catch (err) {
      this.setStatus({ resyncProblem: isLxcError(err) || err instanceof Error ? err.message : String(err) });
      return;
    }
    const next = new Map<string, ContainerSummary>();
    for (const instance of instances) {
      if (instance.type !== "container") continue;
      next.set(instance.name, instanceRow(instance, this.rowContext()));
    }
    const diff = diffStates(this.rows, next, { memorySlack: MEMORY_SLACK });
    for (const name of diff.removed) this.remove(name, this.causeFor(name));
    for (const row of diff.added) this.put(row, this.causeFor(row.name));
    for (const { after } of diff.changed) this.put(after, this.causeFor(after.name));
    this.setStatus({ resyncedAt: new Date().toISOString(), resyncProblem: null });
  }

  private async runRefresh(name: string): Promise<void> {
    try {
      for (let tries = 0; ; tries++) {
        const seq = this.eventSeq.get(name) ?? 0;
        const instance = await this.readInstance(name);
        // An event that came while we read is newer than our answer: read again (a few times at most).
        if (seq !== (this.eventSeq.get(name) ?? 0) && tries < 3) continue;
        if (!instance) return this.remove(name, this.causeFor(name));
        if (instance.type === "container") this.put(instanceRow(instance, this.rowContext()), this.causeFor(name));
        return;
      }
    } catch (err) {
      console.warn(`hosts: could not read ${name} on ${this.name}: ${isLxcError(err) ? err.message : String(err)}`);
    }
  }

  /** The instance with its state, or null when Incus says it does not exist. */
  private async readInstance(name: string): Promise<IncusInstance | null> {
    try {
      return await incusSync<IncusInstance>(this.options.endpoint, "GET", this.path(incusPaths.instance(name), { recursion: "1" }));
    } catch (err) {
      if (isLxcError(err) && err.code === "HOST_REFUSED" && (err as { status?: number }).status === 404) return null;
      throw err;
    }
  }

  /** Containers that started a moment ago and have no address yet: their state, until the address comes. */
  private async refreshStarting(): Promise<void> {
    const now = Date.now();
    const due = [...this.rows.values()].filter(
      (r) => r.state === "RUNNING" && r.ipv4.length === 0 && now - (this.startedAt.get(r.name) ?? 0) < this.timings.fastWindowMs,
    );
    await Promise.all(
      due.map(async (r) => {
        let state: IncusInstanceState;
        try {
          state = await incusSync<IncusInstanceState>(this.options.endpoint, "GET", this.path(incusPaths.instanceState(r.name)));
        } catch {
          return;
        }
        const current = this.rows.get(r.name);
        if (!current) return;
        const row = { ...current, ...pickRuntime(instanceRow({ ...baseInstance(current), status: state.status }, this.rowContext(), state)) };
        if (!sameRow(current, row, MEMORY_SLACK)) this.put(row, null);
      }),
    );
  }

  // ---- outputs

  private put(row: ContainerSummary, cause: ChangeCause | null): void {
    const before = this.rows.get(row.name) ?? null;
    if (before && sameRow(before, row)) return;
    this.rows.set(row.name, row);
    if (row.state !== "RUNNING") this.startedAt.delete(row.name);
    this.emit({ kind: "upsert", row, before, cause: cause ?? { by: "outside" } });
  }

  private remove(name: string, cause: ChangeCause): void {
    const before = this.rows.get(name);
    if (!before) return;
    this.rows.delete(name);
    this.startedAt.delete(name);
    this.emit({ kind: "remove", name, before, cause });
  }

  private causeFor(name: string): ChangeCause {
    const intent = this.intents.get(name);
    if (intent && (intent.until === null || Date.now() <= intent.until)) return { by: "dashboard", actor: intent.actor };
    if (intent) this.intents.delete(name);
    return { by: "outside" };
  }

  private setStatus(patch: Partial<StreamStatus>): void {
    const before = this.status;
    this.status = { ...this.status, ...patch };
    if (before.up !== this.status.up || before.problem !== this.status.problem || before.resyncProblem !== this.status.resyncProblem) {
      for (const listener of this.statusListeners) listener(this.streamStatus());
    }
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        console.error("hosts: a state listener failed", err);
      }
    }
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => void fn().catch((err: unknown) => console.error(`hosts (${this.name}):`, err)), ms);
    t.unref();
    this.timers.push(t);
  }
}

/** The runtime columns of a row read from state alone. */
function pickRuntime(row: ContainerSummary) {
  return { state: row.state, pid: row.pid, memoryBytes: row.memoryBytes, ipv4: row.ipv4, ipv6: row.ipv6 };
}

/** A minimal instance standing for a known row, to map a fresh state onto it. */
function baseInstance(row: ContainerSummary): IncusInstance {
  return {
    name: row.name,
    status: "Running",
    status_code: 103,
    type: "container",
    location: row.member ?? "none",
    project: "default",
    architecture: "",
    created_at: "",
    profiles: [],
    config: { "boot.autostart": String(row.autostart), "security.privileged": String(!row.unprivileged) },
  };
}
