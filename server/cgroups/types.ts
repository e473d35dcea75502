/** A value read from the kernel, or why it could not be (shown to people as "unavailable, because …"). */
export type Reading<T> = { ok: true; value: T } | { ok: false; reason: string };

export function available<T>(value: T): Reading<T> {
  return { ok: true, value };
}

export function unavailable<T = never>(reason: string): Reading<T> {
  return { ok: false, reason };
}

/** What is measured, each from one controller: cpuacct/cpu, memory, blkio/io, pids. */
export type CgroupResource = "cpu" | "memory" | "io" | "pids";

export const CGROUP_RESOURCES: readonly CgroupResource[] = ["cpu", "memory", "io", "pids"];

/** A cgroup directory and the version of the hierarchy it is in (v1 file names differ from v2's). */
export interface CgroupDir {
  version: 1 | 2;
  dir: string;
}

/** Where one process's (a container's init's) counters are, per resource. */
export interface ContainerCgroups {
  pid: number;
  dirs: Record<CgroupResource, Reading<CgroupDir>>;
}

/** A line of /proc/PID/cgroup: "4:memory:/lxc.payload.web" (v1) or "0::/lxc.payload.web" (v2, no controllers). */
export interface ProcCgroupEntry {
  id: number;
  /** v1: the hierarchy's controllers ("cpu", "cpuacct", "name=systemd"); v2: empty. */
  controllers: string[];
  path: string;
}

export interface IoTotals {
  readBytes: number;
  writeBytes: number;
  readOps: number;
  writeOps: number;
}

export interface MemoryUsage {
  /** Bytes charged to the cgroup now (memory.current / memory.usage_in_bytes). */
  current: number;
  /** Its limit in bytes, null when none is set. */
  limit: number | null;
}

export interface MemoryKinds {
  /** Anonymous memory (heap, stacks, tmpfs excluded): what a process itself asked for. */
  anon: number;
  /** Page cache: file contents the kernel may drop under pressure. */
  file: number;
}

/** One reading of every counter the sampler keeps, each with its own reason when unavailable. */
export interface CgroupCounters {
  /** CPU time used since the cgroup was made, in nanoseconds. */
  cpuNs: Reading<number>;
  memory: Reading<MemoryUsage>;
  /** Bytes of the cgroup's memory in swap. */
  swap: Reading<number>;
  memoryKinds: Reading<MemoryKinds>;
  /** Processes (tasks) in the cgroup. */
  pids: Reading<number>;
  io: Reading<IoTotals>;
}

/** Out-of-memory facts for alerts (issue 9). */
export interface OomCounters {
  /** Processes the OOM killer ended in this cgroup (memory.events oom_kill / memory.oom_control oom_kill). */
  oomKills: number | null;
  /** Times usage hit the limit (v2 memory.events max, v1 memory.failcnt). */
  limitHits: number | null;
  /** v1 only: whether the cgroup is stuck out of memory now (memory.oom_control under_oom, with the OOM killer off). */
  underOom: boolean | null;
}
