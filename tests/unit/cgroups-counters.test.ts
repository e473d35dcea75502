import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  parseBlkioThrottle,
  parseCpuStatUsageNs,
  parseFlatKeyed,
  parseIoStat,
  parseSingleValue,
  parseV1Limit,
  parseV2Limit,
  readCgroupCounters,
  readOomCounters,
  type CgroupDir,
  type ContainerCgroups,
} from "@/server/cgroups";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "cgroups");

function v1(): ContainerCgroups {
  const dir = (c: string): { ok: true; value: CgroupDir } => ({ ok: true, value: { version: 1, dir: path.join(FIXTURES, "v1", c) } });
  return { pid: 1, dirs: { cpu: dir("cpuacct"), memory: dir("memory"), io: dir("blkio"), pids: dir("pids") } };
}

function v2(dir = path.join(FIXTURES, "v2")): ContainerCgroups {
  const d = { ok: true as const, value: { version: 2 as const, dir } };
  return { pid: 1, dirs: { cpu: d, memory: d, io: d, pids: d } };
}

describe("counter file parsers", () => {
  it("reads single values, 'max' and v1's no-limit value", () => {
    expect(parseSingleValue("17303469\n")).toBe(17303469);
    expect(parseSingleValue("max\n")).toBe(Infinity);
    expect(parseSingleValue("12 kB")).toBeNull();
    expect(parseV1Limit("9223372036854771712\n")).toBeNull();
    expect(parseV1Limit("67108864\n")).toBe(67108864);
    expect(parseV1Limit("nonsense")).toBeUndefined();
    expect(parseV2Limit("max\n")).toBeNull();
    expect(parseV2Limit("67108864\n")).toBe(67108864);
  });

  it("reads flat keyed files and cpu.stat's usage_usec in nanoseconds", () => {
    expect(parseFlatKeyed("oom_kill_disable 0\nunder_oom 1\noom_kill 3\nodd line here\n")).toEqual(
      new Map([["oom_kill_disable", 0], ["under_oom", 1], ["oom_kill", 3]]),
    );
    expect(parseCpuStatUsageNs("usage_usec 2500000\nuser_usec 1\n")).toBe(2_500_000_000);
    expect(parseCpuStatUsageNs("user_usec 1\n")).toBeNull();
  });

  it("sums io.stat over devices, and an empty one is zeros", () => {
    expect(parseIoStat("8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n254:0 rbytes=5 wbytes=0 rios=1 wios=0\n")).toEqual({
      readBytes: 15,
      writeBytes: 20,
      readOps: 2,
      writeOps: 2,
    });
    expect(parseIoStat("")).toEqual({ readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0 });
    expect(parseIoStat("garbage here")).toBeNull();
  });

  it("sums blkio's Read and Write over devices, ignoring Sync/Async/Total", () => {
    expect(parseBlkioThrottle("8:0 Read 4096\n8:0 Write 1\n8:0 Sync 4097\n8:0 Total 4097\n9:0 Read 4\nTotal 4101\n")).toEqual({ read: 4100, write: 1 });
    expect(parseBlkioThrottle("Total 0\n")).toEqual({ read: 0, write: 0 });
    expect(parseBlkioThrottle("8:0 Read lots\n")).toBeNull();
  });
});

describe("readCgroupCounters", () => {
  it("reads a v1 container (cpuacct, memory with memsw, blkio _recursive, pids)", () => {
    expect(readCgroupCounters(v1())).toEqual({
      cpuNs: { ok: true, value: 17303469000 },
      memory: { ok: true, value: { current: 67108864, limit: 67108864 } },
      swap: { ok: true, value: 70254592 - 67108864 },
      memoryKinds: { ok: true, value: { anon: 62894080, file: 4214784 } },
      pids: { ok: true, value: 5 },
      io: { ok: true, value: { readBytes: 1048576 + 8192, writeBytes: 4096 + 12288, readOps: 258, writeOps: 4 } },
    });
  });

  it("reads a v2 container (cpu.stat, memory.current/max/swap, memory.stat, io.stat)", () => {
    expect(readCgroupCounters(v2())).toEqual({
      cpuNs: { ok: true, value: 2_500_000_000 },
      memory: { ok: true, value: { current: 52428800, limit: null } },
      swap: { ok: true, value: 1048576 },
      memoryKinds: { ok: true, value: { anon: 41943040, file: 8388608 } },
      pids: { ok: true, value: 12 },
      io: { ok: true, value: { readBytes: 1052672, writeBytes: 2097152, readOps: 11, writeOps: 20 } },
    });
  });

  it("reads OOM counters: v1 oom_control + failcnt, v2 memory.events", () => {
    expect(readOomCounters(v1())).toEqual({ ok: true, value: { oomKills: 2, limitHits: 1543, underOom: false } });
    expect(readOomCounters(v2())).toEqual({ ok: true, value: { oomKills: 1, limitHits: 17, underOom: null } });
  });

  const empty = mkdtempSync(path.join(tmpdir(), "cg-empty-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("says why, per series, instead of throwing: files missing, cgroup gone, no directory", () => {
    const missing = readCgroupCounters(v2(empty));
    expect(missing.memory).toEqual({ ok: false, reason: expect.stringMatching(/memory\.current does not exist: the memory controller is not enabled/) });
    expect(missing.swap).toEqual({ ok: false, reason: expect.stringContaining("swap accounting is off") });
    expect(missing.cpuNs.ok).toBe(false);

    const gone = readCgroupCounters(v2(path.join(empty, "stopped")));
    expect(gone.pids).toEqual({ ok: false, reason: expect.stringContaining("is gone (the container stopped)") });

    const noDir = { ok: false as const, reason: "the pids controller is not mounted" };
    const partial = readCgroupCounters({ ...v1(), dirs: { ...v1().dirs, pids: noDir } });
    expect(partial.pids).toEqual(noDir);
    expect(partial.cpuNs.ok).toBe(true);
  });
});
