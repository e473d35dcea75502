// What the sampler records and the charts, exports and /metrics show: the
// fields of a point, their units, the ranges kept and how a range is asked for.

/** Every field a point can have. Containers use the first twelve; the host uses cpu…swap, load1 and the disk ones. */
export const METRIC_FIELDS = [
  "cpu",
  "mem",
  "memLimit",
  "swap",
  "anon",
  "file",
  "pids",
  "diskRead",
  "diskWrite",
  "diskReadOps",
  "diskWriteOps",
  "netRx",
  "netTx",
  "netRxPackets",
  "netTxPackets",
  "load1",
  "diskFree",
  "diskTotal",
] as const;

export type MetricField = (typeof METRIC_FIELDS)[number];

export type MetricUnit = "percent" | "bytes" | "bytesPerSecond" | "perSecond" | "count" | "load";

export interface FieldInfo {
  unit: MetricUnit;
  /** What it is, for a legend, a CSV header's note and /metrics HELP. */
  label: string;
  /** Rollups keep its maximum over each bucket as well as its average. */
  peak: boolean;
}

export const FIELD_INFO: Record<MetricField, FieldInfo> = {
  cpu: { unit: "percent", label: "CPU, % of one core (host: % of all cores)", peak: true },
  mem: { unit: "bytes", label: "memory in use", peak: true },
  memLimit: { unit: "bytes", label: "memory limit (host: total memory)", peak: false },
  swap: { unit: "bytes", label: "swap in use", peak: false },
  anon: { unit: "bytes", label: "anonymous memory", peak: false },
  file: { unit: "bytes", label: "page cache", peak: false },
  pids: { unit: "count", label: "processes", peak: true },
  diskRead: { unit: "bytesPerSecond", label: "disk read", peak: true },
  diskWrite: { unit: "bytesPerSecond", label: "disk write", peak: true },
  diskReadOps: { unit: "perSecond", label: "disk read operations", peak: false },
  diskWriteOps: { unit: "perSecond", label: "disk write operations", peak: false },
  netRx: { unit: "bytesPerSecond", label: "network received", peak: true },
  netTx: { unit: "bytesPerSecond", label: "network sent", peak: true },
  netRxPackets: { unit: "perSecond", label: "packets received", peak: false },
  netTxPackets: { unit: "perSecond", label: "packets sent", peak: false },
  load1: { unit: "load", label: "load average (1 min)", peak: true },
  diskFree: { unit: "bytes", label: "free disk under the lxcpath", peak: false },
  diskTotal: { unit: "bytes", label: "disk size under the lxcpath", peak: false },
};

export const PEAK_FIELDS = METRIC_FIELDS.filter((f) => FIELD_INFO[f].peak);

/** One moment's values: null where the kernel gave nothing (see the series' `unavailable`). */
export type MetricPoint = { t: number } & Record<MetricField, number | null>;

/** The ranges the range picker offers, and the step each is drawn at. */
export const METRIC_RANGES = {
  "15m": { seconds: 15 * 60, step: 5, label: "15 min" },
  "1h": { seconds: 3600, step: 5, label: "1 h" },
  "24h": { seconds: 86_400, step: 60, label: "24 h" },
  "7d": { seconds: 7 * 86_400, step: 300, label: "7 d" },
  "30d": { seconds: 30 * 86_400, step: 3600, label: "30 d" },
  "1y": { seconds: 365 * 86_400, step: 21_600, label: "1 y" },
} as const;

export type MetricRange = keyof typeof METRIC_RANGES;
export const METRIC_RANGE_KEYS = Object.keys(METRIC_RANGES) as MetricRange[];

/**
 * What is kept, finest first: the last hour at full resolution (in memory),
 * 1-minute rollups for 7 days, 1-hour rollups for a year. A step must be a
 * multiple of the resolution that still covers the range's start.
 */
export const RETENTION = [
  { resolution: 5, keptSeconds: 3600, where: "memory" },
  { resolution: 60, keptSeconds: 7 * 86_400, where: "minute rollups" },
  { resolution: 3600, keptSeconds: 365 * 86_400, where: "hour rollups" },
] as const;

/** At most this many points per answer (a year of hours is 8760). */
export const MAX_POINTS = 20_000;

/** A destroyed container's history is kept this long, then pruned. */
export const DESTROYED_KEPT_SECONDS = 30 * 86_400;

/** The series of one container or of the host over a range, as columns (what uPlot draws). */
export interface MetricSeriesResponse {
  /** A container's name, or null for the host. */
  container: string | null;
  /** One of the container's network interfaces (its network fields alone), or null: the container (or host) as a whole. */
  interface: string | null;
  /** The container's network interfaces with a history here (for a per-interface view); [] for the host. */
  interfaces: string[];
  /** Seconds since the epoch, inclusive; `to` is the last bucket's start. */
  from: number;
  to: number;
  step: number;
  /** Each bucket's start, seconds since the epoch. */
  t: number[];
  /** Averages over each bucket. */
  values: Partial<Record<MetricField, (number | null)[]>>;
  /** Maxima over each bucket (fields with `peak`); equal to the values at full resolution. */
  peaks: Partial<Record<MetricField, (number | null)[]>>;
  /** Why a field has no values now ("unavailable, because …"). */
  unavailable: Partial<Record<MetricField, string>>;
  /** CPUs of the host: 100% of one core is 1/cores of the host. */
  cores: number;
}

/** One container's latest point and its last 15 minutes of CPU and memory, for the list's sparklines. */
export interface SparklineSeries {
  t: number[];
  cpu: (number | null)[];
  mem: (number | null)[];
  memLimit: number | null;
}

export type SparklinesResponse = Record<string, SparklineSeries>;

/** How many rows of the latest activity the Overview shows. */
export const OVERVIEW_ACTIVITY_ROWS = 8;

/** How far back the list's sparklines reach. */
export const SPARKLINE_SECONDS = 15 * 60;

/** A running container's newest values, pushed with every sampling round (the sparklines and the Overview's "now"). */
export interface LatestSample {
  cpu: number | null;
  mem: number | null;
  memLimit: number | null;
  /** Received + sent, bytes per second. */
  net: number | null;
}

/** The newest values of a point, as a push carries them. */
export function latestSample(p: Pick<MetricPoint, "cpu" | "mem" | "memLimit" | "netRx" | "netTx">): LatestSample {
  return { cpu: p.cpu, mem: p.mem, memLimit: p.memLimit, net: p.netRx === null && p.netTx === null ? null : (p.netRx ?? 0) + (p.netTx ?? 0) };
}

/** Sparklines after a round: each running container's series with its new values appended, points older than `windowSeconds` dropped; containers no longer running leave. */
export function appendSparklines(before: SparklinesResponse | undefined, t: number, latest: Record<string, LatestSample>, windowSeconds: number): SparklinesResponse {
  const next: SparklinesResponse = {};
  for (const [name, sample] of Object.entries(latest)) {
    const old = before?.[name];
    const keepFrom = old ? old.t.findIndex((x) => x > t - windowSeconds) : -1;
    const from = keepFrom < 0 ? (old?.t.length ?? 0) : keepFrom;
    const last = old?.t.at(-1);
    // The same round twice (a reconnect's resync and the push): keep one point.
    const upto = last !== undefined && last >= t ? old!.t.findIndex((x) => x >= t) : (old?.t.length ?? 0);
    next[name] = {
      t: [...(old?.t.slice(from, upto) ?? []), t],
      cpu: [...(old?.cpu.slice(from, upto) ?? []), sample.cpu],
      mem: [...(old?.mem.slice(from, upto) ?? []), sample.mem],
      memLimit: sample.memLimit,
    };
  }
  return next;
}

/** A row of a top-containers table. */
export interface TopContainer {
  name: string;
  cpu: number | null;
  mem: number | null;
  net: number | null;
}

export interface OverviewResponse {
  /** Latest point per running container. */
  now: TopContainer[];
  /** Averages over the last 24 h (minute rollups and the last minutes in memory). */
  day: TopContainer[];
  sampledAt: number | null;
  intervalSeconds: number;
}

/** The fields each kind of series has. */
export const CONTAINER_FIELDS: readonly MetricField[] = METRIC_FIELDS.slice(0, 15);
/** A network interface of a container: its own traffic (also summed into the container's). */
export const INTERFACE_FIELDS: readonly MetricField[] = ["netRx", "netTx", "netRxPackets", "netTxPackets"];

/** What is wrong with a network interface's name (Linux: 1 to 15 characters, no "/" or white space), or null. */
export function interfaceNameProblem(name: string): string | null {
  if (!/^[^/\s]{1,15}$/.test(name) || name === "." || name === "..") return "interface must be a network interface's name (1 to 15 characters, no / or spaces), such as eth0.";
  return null;
}
export const HOST_FIELDS: readonly MetricField[] = ["cpu", "mem", "memLimit", "swap", "load1", "diskFree", "diskTotal"];

/** Each field's column name in a CSV export: snake case with its unit. */
export const EXPORT_COLUMN: Record<MetricField, string> = {
  cpu: "cpu_percent",
  mem: "memory_bytes",
  memLimit: "memory_limit_bytes",
  swap: "swap_bytes",
  anon: "memory_anon_bytes",
  file: "memory_file_bytes",
  pids: "processes",
  diskRead: "disk_read_bytes_per_second",
  diskWrite: "disk_write_bytes_per_second",
  diskReadOps: "disk_reads_per_second",
  diskWriteOps: "disk_writes_per_second",
  netRx: "network_receive_bytes_per_second",
  netTx: "network_transmit_bytes_per_second",
  netRxPackets: "network_receive_packets_per_second",
  netTxPackets: "network_transmit_packets_per_second",
  load1: "load1",
  diskFree: "disk_free_bytes",
  diskTotal: "disk_total_bytes",
};
