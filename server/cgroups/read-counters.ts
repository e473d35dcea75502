import {
  parseBlkioThrottle,
  parseCpuStatUsageNs,
  parseFlatKeyed,
  parseIoStat,
  parseSingleValue,
  parseV1Limit,
  parseV2Limit,
} from "./parse-counters";
import { readCgroupFile, readParsed } from "./read-file";
import {
  available,
  type CgroupCounters,
  type CgroupDir,
  type ContainerCgroups,
  type IoTotals,
  type MemoryKinds,
  type MemoryUsage,
  type OomCounters,
  type Reading,
} from "./types";

const NOT_ENABLED = (controller: string) => `the ${controller} controller is not enabled for this cgroup (its parent's cgroup.subtree_control lacks it)`;

/** Runs `read` with the directory when there is one; passes the reason on when not. */
function withDir<T>(dir: Reading<CgroupDir>, read: (d: CgroupDir) => Reading<T>): Reading<T> {
  return dir.ok ? read(dir.value) : dir;
}

export function readCpuNs(d: CgroupDir): Reading<number> {
  return d.version === 1 ? readParsed(d, "cpuacct.usage", parseSingleValue) : readParsed(d, "cpu.stat", parseCpuStatUsageNs);
}

export function readMemoryUsage(d: CgroupDir): Reading<MemoryUsage> {
  const [currentFile, limitFile, parseLimit] =
    d.version === 1 ? (["memory.usage_in_bytes", "memory.limit_in_bytes", parseV1Limit] as const) : (["memory.current", "memory.max", parseV2Limit] as const);
  const current = readParsed(d, currentFile, parseSingleValue, NOT_ENABLED("memory"));
  if (!current.ok) return current;
  const limit = readParsed(d, limitFile, (t) => {
    const l = parseLimit(t);
    return l === undefined ? undefined : { limit: l };
  });
  return limit.ok ? available({ current: current.value, limit: limit.value.limit }) : limit;
}

/**
 * v1 counts memory+swap together (memsw); swap is the difference (`usage`:
 * memory.usage_in_bytes when the caller has just read it). Without swap
 * accounting (swapaccount=0) there is no memsw file.
 */
export function readSwap(d: CgroupDir, usage?: number): Reading<number> {
  if (d.version === 2) return readParsed(d, "memory.swap.current", parseSingleValue, "swap accounting is off or the kernel has no swap support");
  const memsw = readParsed(d, "memory.memsw.usage_in_bytes", parseSingleValue, "swap accounting is off (boot with swapaccount=1)");
  if (!memsw.ok) return memsw;
  const current = usage === undefined ? readParsed(d, "memory.usage_in_bytes", parseSingleValue) : available(usage);
  return current.ok ? available(Math.max(0, memsw.value - current.value)) : current;
}

/** Anonymous and page-cache bytes from memory.stat (v1: the hierarchical total_ keys, which count the container's child cgroups too). */
export function readMemoryKinds(d: CgroupDir): Reading<MemoryKinds> {
  return readParsed(d, "memory.stat", (text) => {
    const stat = parseFlatKeyed(text);
    const anon = d.version === 1 ? (stat.get("total_rss") ?? stat.get("rss")) : stat.get("anon");
    const file = d.version === 1 ? (stat.get("total_cache") ?? stat.get("cache")) : stat.get("file");
    return anon === undefined || file === undefined ? null : { anon, file };
  });
}

export function readPids(d: CgroupDir): Reading<number> {
  return readParsed(d, "pids.current", parseSingleValue, NOT_ENABLED("pids"));
}

/**
 * Block I/O: v2 io.stat; v1 the throttle layer's files (counted for every
 * I/O scheduler), the _recursive ones where the kernel has them, so the
 * container's child cgroups count too.
 */
const V1_RECURSIVE = new WeakMap<CgroupDir, string>();

export function readIo(d: CgroupDir): Reading<IoTotals> {
  if (d.version === 2) return readParsed(d, "io.stat", parseIoStat, NOT_ENABLED("io"));
  // The _recursive files where this kernel has them (asked once per cgroup directory).
  let recursive = V1_RECURSIVE.get(d);
  if (recursive === undefined) V1_RECURSIVE.set(d, (recursive = readCgroupFile(d, "blkio.throttle.io_service_bytes_recursive").ok ? "_recursive" : ""));
  const bytes = readParsed(d, `blkio.throttle.io_service_bytes${recursive}`, parseBlkioThrottle);
  if (!bytes.ok) return bytes;
  const ops = readParsed(d, `blkio.throttle.io_serviced${recursive}`, parseBlkioThrottle);
  if (!ops.ok) return ops;
  return available({ readBytes: bytes.value.read, writeBytes: bytes.value.write, readOps: ops.value.read, writeOps: ops.value.write });
}

/** Every counter of the container, each with its own reason when it cannot be had. Never throws. */
export function readCgroupCounters(cgroups: ContainerCgroups): CgroupCounters {
  const { dirs } = cgroups;
  const memory = withDir(dirs.memory, readMemoryUsage);
  return {
    cpuNs: withDir(dirs.cpu, readCpuNs),
    memory,
    swap: withDir(dirs.memory, (d) => readSwap(d, memory.ok ? memory.value.current : undefined)),
    memoryKinds: withDir(dirs.memory, readMemoryKinds),
    pids: withDir(dirs.pids, readPids),
    io: withDir(dirs.io, readIo),
  };
}

/**
 * Out-of-memory counters (for alerts): v2 memory.events (oom_kill, max);
 * v1 memory.oom_control (oom_kill, under_oom) and memory.failcnt.
 */
export function readOomCounters(cgroups: ContainerCgroups): Reading<OomCounters> {
  return withDir(cgroups.dirs.memory, (d) => {
    if (d.version === 2) {
      return readParsed(d, "memory.events", (text) => {
        const events = parseFlatKeyed(text);
        return { oomKills: events.get("oom_kill") ?? null, limitHits: events.get("max") ?? null, underOom: null };
      }, NOT_ENABLED("memory"));
    }
    const control = readParsed(d, "memory.oom_control", parseFlatKeyed);
    if (!control.ok) return control;
    const failcnt = readParsed(d, "memory.failcnt", parseSingleValue);
    const under = control.value.get("under_oom");
    return available({
      oomKills: control.value.get("oom_kill") ?? null,
      limitHits: failcnt.ok ? failcnt.value : null,
      underOom: under === undefined ? null : under === 1,
    });
  });
}

