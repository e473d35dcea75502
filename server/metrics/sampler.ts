import type { MetricPoint } from "@/lib/metrics";
import { containerCgroups, readCgroupCounters, type ContainerCgroups } from "../cgroups";
import { BucketSums } from "./buckets";
import { ContainerNetReader } from "./container-net";
import { readHostRaw } from "./host-counters";
import { containerPoint, hostPoint, interfacePoint, type InterfaceReading } from "./rates";
import { closedBuckets, hourOf, minuteOf } from "./retention";
import { PointRing } from "./point-ring";
import { HOST_SERIES, interfaceSeriesKey, pruneRollups, rollUpMissedHours, seriesIds, writeMinute } from "./rollup-store";
import { existingContainers, scanRunningContainers } from "./running-containers";
import type { ContainerRaw, HostRaw, RunningContainer, Unavailable } from "./types";

export interface SamplerOptions {
  lxcpath: string;
  intervalSeconds: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** The running containers and their init PIDs. */
  running?: () => RunningContainer[];
  /** The containers that exist (for marking a destroyed one's history). */
  existing?: () => string[];
  /** Write rollups to the database (off for memory-only use). */
  persist?: boolean;
  log?: (line: string) => void;
}

/** What one round produced, for listeners (the push stream). */
export interface SampleRound {
  at: number;
  containers: Map<string, MetricPoint>;
  host: MetricPoint;
}

/** One series (a container or the host) as the sampler keeps it. */
export interface TrackedSeries {
  ring: PointRing;
  minute: BucketSums | null;
  unavailable: Unavailable;
  running: boolean;
}

interface TrackedContainer extends TrackedSeries {
  previous?: ContainerRaw;
  cgroups?: ContainerCgroups;
}

/** One network interface of a container: its own series beside the container's totals. */
interface TrackedInterface extends TrackedSeries {
  previous?: InterfaceReading;
}

interface PendingMinute {
  minute: number;
  closedHour: number | null;
  rows: Map<string, BucketSums>;
}

/** At most this many unwritten minutes are held while the database fails (then the oldest go, said in the log). */
const MAX_BACKLOG_MINUTES = 120;

/**
 * Samples every running container's cgroup and network counters and the
 * host's, every interval: the last hour stays in memory (PointRing), each
 * finished minute is written as rollup rows in one transaction, each finished
 * hour becomes hour rows, and what is past keeping is pruned hourly. A
 * container that cannot be read says why in its series; nothing stops the
 * rounds but stop().
 */
export class MetricsSampler {
  readonly lxcpath: string;
  readonly intervalSeconds: number;
  readonly now: () => number;
  private readonly running: () => RunningContainer[];
  private readonly existing: () => string[];
  private readonly persist: boolean;
  private readonly log: (line: string) => void;
  private readonly net = new ContainerNetReader();
  private readonly containers = new Map<string, TrackedContainer>();
  /** Keyed by interfaceSeriesKey(container, interface). */
  private readonly interfaces = new Map<string, TrackedInterface>();
  private readonly host: TrackedSeries & { previous?: HostRaw };
  private readonly listeners = new Set<(round: SampleRound) => void>();
  private backlog: PendingMinute[] = [];
  private ids = new Map<string, number>();
  private lastRoundAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastWriteError: string | null = null;

  constructor(options: SamplerOptions) {
    this.lxcpath = options.lxcpath;
    this.intervalSeconds = options.intervalSeconds;
    this.now = options.now ?? Date.now;
    this.running = options.running ?? (() => scanRunningContainers(this.lxcpath));
    this.existing = options.existing ?? (() => existingContainers(this.lxcpath));
    this.persist = options.persist ?? true;
    this.log = options.log ?? ((line) => console.log(line));
    this.host = this.newSeries();
  }

  private newSeries(): TrackedSeries {
    return { ring: new PointRing(Math.ceil(3600 / this.intervalSeconds) + 1), minute: null, unavailable: {}, running: false };
  }

  /** Reads everything once; returns when the round (and any minute it closed) is recorded in memory. */
  round(): SampleRound {
    const at = this.now();
    // Points are stamped on the interval's grid: a timer a millisecond early must not put two samples in one bucket.
    const period = this.intervalSeconds * 1000;
    const stamp = (Math.round(at / period) * period) / 1000;
    const minuteStart = minuteOf(stamp * 1000) * 60;
    const points = new Map<string, MetricPoint>();
    const closing = new Map<string, BucketSums>();
    const addToMinute = (name: string, series: TrackedSeries, point: MetricPoint) => {
      if (series.minute && series.minute.t !== minuteStart) {
        closing.set(name, series.minute);
        series.minute = null;
      }
      series.minute ??= new BucketSums(minuteStart);
      series.minute.add(point);
    };

    this.net.beginRound();
    const runningNow = this.running();
    const seen = new Set<string>();
    for (const { name, initPid } of runningNow) {
      const series: TrackedContainer = this.containers.get(name) ?? this.newSeries();
      this.containers.set(name, series);
      seen.add(name);
      if (series.cgroups?.pid !== initPid) series.cgroups = containerCgroups(initPid, name) ?? undefined;
      if (!series.cgroups) continue; // stopped between the listing and now
      const raw: ContainerRaw = { at, initPid, counters: readCgroupCounters(series.cgroups), net: this.net.read(initPid) };
      const { point, unavailable } = containerPoint(series.previous, raw);
      point.t = stamp;
      series.previous = raw;
      series.unavailable = unavailable;
      series.running = true;
      series.ring.push(point);
      points.set(name, point);
      addToMinute(name, series, point);
      // Each interface's own series (the container's are their sums).
      if (!raw.net.ok) continue;
      for (const [iface, counters] of raw.net.value) {
        const key = interfaceSeriesKey(name, iface);
        const tracked: TrackedInterface = this.interfaces.get(key) ?? this.newSeries();
        this.interfaces.set(key, tracked);
        seen.add(key);
        const reading = { at, initPid, counters };
        const ifacePoint = interfacePoint(tracked.previous, reading);
        ifacePoint.t = stamp;
        tracked.previous = reading;
        tracked.running = true;
        tracked.ring.push(ifacePoint);
        addToMinute(key, tracked, ifacePoint);
      }
    }
    const rest = (key: string, series: TrackedSeries) => {
      series.running = false;
      if (series.minute && series.minute.t !== minuteStart) {
        closing.set(key, series.minute);
        series.minute = null;
      }
    };
    for (const [name, series] of this.containers) {
      if (seen.has(name)) continue;
      rest(name, series);
      series.previous = undefined;
      series.cgroups = undefined;
    }
    for (const [key, series] of this.interfaces) {
      if (seen.has(key)) continue;
      rest(key, series);
      series.previous = undefined;
    }
    this.net.retain(new Set(runningNow.map((c) => c.initPid)));

    const hostRaw = readHostRaw(this.lxcpath, at);
    const host = hostPoint(this.host.previous, hostRaw);
    host.point.t = stamp;
    this.host.previous = hostRaw;
    this.host.unavailable = host.unavailable;
    this.host.ring.push(host.point);
    addToMinute(HOST_SERIES, this.host, host.point);

    const closed = this.lastRoundAt === null ? null : closedBuckets(this.lastRoundAt, at);
    this.lastRoundAt = at;
    if (closing.size > 0) {
      const minute = Math.min(...[...closing.values()].map((b) => b.t / 60));
      this.backlog.push({ minute, closedHour: closed?.hour ?? (hourOf(minute * 60_000) < hourOf(at) ? hourOf(minute * 60_000) : null), rows: closing });
      if (this.backlog.length > MAX_BACKLOG_MINUTES) {
        const dropped = this.backlog.shift()!;
        this.log(`Metrics: dropped the unwritten minute ${new Date(dropped.minute * 60_000).toISOString()} (the database has failed for ${MAX_BACKLOG_MINUTES} minutes)`);
      }
      if (this.persist) void this.flush();
    }

    const round: SampleRound = { at, containers: points, host: host.point };
    for (const listener of this.listeners) listener(round);
    return round;
  }

  /** Writes the minutes not yet written, oldest first; on failure keeps them for the next minute and says so once. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.backlog.length > 0) {
        const pending = this.backlog[0]!;
        try {
          await this.writePending(pending);
          this.backlog.shift();
          if (this.lastWriteError) this.log("Metrics: rollups written again.");
          this.lastWriteError = null;
        } catch (error) {
          const message = error instanceof Error ? error.message.split("\n").at(-1)! : String(error);
          if (message !== this.lastWriteError) this.log(`Metrics: could not write rollups (${message}); kept in memory and retried next minute.`);
          this.lastWriteError = message;
          return;
        }
      }
    });
    return this.writing;
  }

  private async writePending(pending: PendingMinute): Promise<void> {
    const names = [...pending.rows.keys()];
    const unknown = names.filter((n) => !this.ids.has(n));
    if (unknown.length > 0) for (const [n, id] of await seriesIds(this.lxcpath, unknown)) this.ids.set(n, id);
    const rows = names.map((n) => ({ seriesId: this.ids.get(n)!, summary: pending.rows.get(n)!.summary() }));
    await writeMinute(pending.minute, rows, pending.closedHour);
    if (pending.closedHour !== null) await this.prune();
  }

  /** Drops what is past keeping and marks destroyed containers' series; hourly, and at start. */
  async prune(): Promise<void> {
    const existing = this.existing();
    const done = await pruneRollups(this.lxcpath, existing, this.now());
    // A destroyed container's series may be deleted: ask for its id again if it comes back.
    if (done.series > 0) this.ids.clear();
  }

  /** Starts the rounds, aligned to multiples of the interval; rolls up hours missed while stopped and prunes first. */
  start(): void {
    if (this.timer) return;
    if (this.persist) {
      this.writing = this.writing
        .then(() => rollUpMissedHours(hourOf(this.now())))
        .then(() => this.prune())
        .catch((error: unknown) => this.log(`Metrics: start-up roll-up failed (${error instanceof Error ? error.message : String(error)})`));
    }
    const schedule = () => {
      const period = this.intervalSeconds * 1000;
      const wait = period - (this.now() % period);
      this.timer = setTimeout(() => {
        try {
          this.round();
        } catch (error) {
          this.log(`Metrics: a sampling round failed (${error instanceof Error ? error.message : String(error)}); the next one runs as usual.`);
        }
        if (this.timer) schedule();
      }, wait);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops the rounds and writes what is finished. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.persist) await this.flush();
  }

  onRound(listener: (round: SampleRound) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A container's series (null: the host's), if it has been sampled since the start. */
  series(container: string | null): TrackedSeries | undefined {
    return container === null ? this.host : this.containers.get(container);
  }

  /** One network interface's series of a container, if it has been sampled since the start. */
  interfaceSeries(container: string, iface: string): TrackedSeries | undefined {
    return this.interfaces.get(interfaceSeriesKey(container, iface));
  }

  /** The interfaces of a container sampled since the start. */
  interfacesOf(container: string): string[] {
    const prefix = interfaceSeriesKey(container, "");
    return [...this.interfaces.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** The names of the containers sampled in the last round. */
  runningNames(): string[] {
    return [...this.containers].filter(([, s]) => s.running).map(([n]) => n);
  }

  /** From this time (seconds) on, rollups may not be written yet: read the memory for it. */
  unwrittenSince(): number {
    const starts = [
      ...this.backlog.map((p) => p.minute * 60),
      ...[...this.containers.values(), ...this.interfaces.values(), this.host].flatMap((s) => (s.minute ? [s.minute.t] : [])),
    ];
    return starts.length > 0 ? Math.min(...starts) : minuteOf(this.now()) * 60;
  }

  /** The latest reading of each running container (cumulative counters, for /metrics) and of the host. */
  latestReadings(): { containers: Array<{ name: string; raw: ContainerRaw }>; host: HostRaw | undefined } {
    const containers = [...this.containers].flatMap(([name, s]) => (s.running && s.previous ? [{ name, raw: s.previous }] : []));
    return { containers, host: this.host.previous };
  }

  lastRound(): number | null {
    return this.lastRoundAt;
  }
}
