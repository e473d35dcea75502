import type { MetricField, MetricPoint } from "@/lib/metrics";
import type { CgroupCounters, Reading } from "../cgroups";

/** Counters of one network interface, from the container's point of view (rx: what it received). */
export interface NetCounters {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

/** One reading of a running container's kernel counters, as read (cumulative). */
export interface ContainerRaw {
  /** When it was read, ms since the epoch. */
  at: number;
  /** A different init PID than last time means the container restarted: its counters began again. */
  initPid: number;
  counters: CgroupCounters;
  /** Per interface (container's name for it, e.g. eth0). */
  net: Reading<Map<string, NetCounters>>;
}

/** One reading of the host's counters. */
export interface HostRaw {
  at: number;
  /** /proc/stat's first line, in clock ticks: all time and idle time (idle + iowait). */
  cpuTotal: number;
  cpuIdle: number;
  memTotal: number;
  memAvailable: number;
  swapUsed: number;
  load1: number;
  disk: Reading<{ free: number; total: number }>;
}

export type Unavailable = Partial<Record<MetricField, string>>;

/** A point and why some of its fields are null. */
export interface DerivedPoint {
  point: MetricPoint;
  unavailable: Unavailable;
}

/** A running container as the sampler needs it. */
export interface RunningContainer {
  name: string;
  initPid: number;
}
