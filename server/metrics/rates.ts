import { METRIC_FIELDS, type MetricField, type MetricPoint } from "@/lib/metrics";
import type { Reading } from "../cgroups";
import type { ContainerRaw, DerivedPoint, HostRaw, NetCounters, Unavailable } from "./types";

/**
 * Rates from two readings of a counter. A counter that went down was reset
 * (the container restarted, a veth was made anew): that interval has no rate,
 * never a negative one.
 */
export function counterRate(previous: number | undefined, current: number | undefined, seconds: number): number | null {
  if (previous === undefined || current === undefined || !(seconds > 0)) return null;
  const delta = current - previous;
  return delta < 0 ? null : delta / seconds;
}

export function emptyPoint(t: number): MetricPoint {
  const point = { t } as MetricPoint;
  for (const f of METRIC_FIELDS) point[f] = null;
  return point;
}

/** Sums per-interface rates; an interface new since the last reading or reset adds nothing this time. */
function netRate(previous: Map<string, NetCounters> | undefined, current: Map<string, NetCounters>, key: keyof NetCounters, seconds: number): number | null {
  if (!previous) return null;
  let sum = 0;
  let any = false;
  for (const [name, now] of current) {
    const rate = counterRate(previous.get(name)?.[key], now[key], seconds);
    if (rate !== null) {
      sum += rate;
      any = true;
    }
  }
  return any || current.size === 0 ? sum : null;
}

/**
 * A container's point at `current.at` from its last two readings: gauges as
 * read, rates over the time between them. A restart (another init PID)
 * leaves the rates of that interval empty.
 */
export function containerPoint(previous: ContainerRaw | undefined, current: ContainerRaw): DerivedPoint {
  const point = emptyPoint(Math.floor(current.at / 1000));
  const unavailable: Unavailable = {};
  const sameRun = previous !== undefined && previous.initPid === current.initPid && current.at > previous.at;
  const seconds = sameRun ? (current.at - previous.at) / 1000 : 0;
  const before = sameRun ? previous : undefined;
  const { counters } = current;

  const take = <T>(reading: Reading<T>, fields: MetricField[], set: (value: T) => void): void => {
    if (reading.ok) set(reading.value);
    else for (const f of fields) unavailable[f] = reading.reason;
  };
  const prior = <T>(pick: (raw: ContainerRaw) => Reading<T>): T | undefined => {
    if (!before) return undefined;
    const r = pick(before);
    return r.ok ? r.value : undefined;
  };

  take(counters.cpuNs, ["cpu"], (ns) => {
    const rate = counterRate(prior((r) => r.counters.cpuNs), ns, seconds);
    point.cpu = rate === null ? null : rate / 1e7; // ns per second → % of one core
  });
  take(counters.memory, ["mem", "memLimit"], (m) => {
    point.mem = m.current;
    point.memLimit = m.limit;
  });
  take(counters.swap, ["swap"], (v) => (point.swap = v));
  take(counters.memoryKinds, ["anon", "file"], (k) => {
    point.anon = k.anon;
    point.file = k.file;
  });
  take(counters.pids, ["pids"], (v) => (point.pids = v));
  take(counters.io, ["diskRead", "diskWrite", "diskReadOps", "diskWriteOps"], (io) => {
    const was = prior((r) => r.counters.io);
    point.diskRead = counterRate(was?.readBytes, io.readBytes, seconds);
    point.diskWrite = counterRate(was?.writeBytes, io.writeBytes, seconds);
    point.diskReadOps = counterRate(was?.readOps, io.readOps, seconds);
    point.diskWriteOps = counterRate(was?.writeOps, io.writeOps, seconds);
  });
  take(current.net, ["netRx", "netTx", "netRxPackets", "netTxPackets"], (net) => {
    const was = prior((r) => r.net);
    point.netRx = netRate(was, net, "rxBytes", seconds);
    point.netTx = netRate(was, net, "txBytes", seconds);
    point.netRxPackets = netRate(was, net, "rxPackets", seconds);
    point.netTxPackets = netRate(was, net, "txPackets", seconds);
  });
  return { point, unavailable };
}

/** The host's point: CPU busy share of all cores over the interval, memory, load, disk. */
export function hostPoint(previous: HostRaw | undefined, current: HostRaw): DerivedPoint {
  const point = emptyPoint(Math.floor(current.at / 1000));
  const unavailable: Unavailable = {};
  if (previous) {
    const total = current.cpuTotal - previous.cpuTotal;
    const idle = current.cpuIdle - previous.cpuIdle;
    point.cpu = total > 0 && idle >= 0 && idle <= total ? ((total - idle) / total) * 100 : null;
  }
  point.mem = current.memTotal - current.memAvailable;
  point.memLimit = current.memTotal;
  point.swap = current.swapUsed;
  point.load1 = current.load1;
  if (current.disk.ok) {
    point.diskFree = current.disk.value.free;
    point.diskTotal = current.disk.value.total;
  } else {
    unavailable.diskFree = unavailable.diskTotal = current.disk.reason;
  }
  return { point, unavailable };
}

/** One interface's counters as read at a moment, with the init PID of that run (another PID: counters began again). */
export interface InterfaceReading {
  at: number;
  initPid: number;
  counters: NetCounters;
}

/** An interface's point: its byte and packet rates since its last reading (none across a restart or a reset). */
export function interfacePoint(previous: InterfaceReading | undefined, current: InterfaceReading): MetricPoint {
  const point = emptyPoint(Math.floor(current.at / 1000));
  const sameRun = previous !== undefined && previous.initPid === current.initPid && current.at > previous.at;
  const seconds = sameRun ? (current.at - previous.at) / 1000 : 0;
  const was = sameRun ? previous.counters : undefined;
  point.netRx = counterRate(was?.rxBytes, current.counters.rxBytes, seconds);
  point.netTx = counterRate(was?.txBytes, current.counters.txBytes, seconds);
  point.netRxPackets = counterRate(was?.rxPackets, current.counters.rxPackets, seconds);
  point.netTxPackets = counterRate(was?.txPackets, current.counters.txPackets, seconds);
  return point;
}
