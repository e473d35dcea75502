import { describe, expect, it } from "vitest";
import type { CgroupCounters } from "@/server/cgroups";
import { containerPoint, counterRate, hostPoint, interfacePoint } from "@/server/metrics/rates";
import { interfaceNameProblem } from "@/lib/metrics";
import type { ContainerRaw, HostRaw, NetCounters } from "@/server/metrics/types";

const ok = <T>(value: T) => ({ ok: true as const, value });

function raw(at: number, initPid: number, c: { cpuNs: number; read: number; rx: number; tx?: number }, net?: Map<string, NetCounters>): ContainerRaw {
  const counters: CgroupCounters = {
    cpuNs: ok(c.cpuNs),
    memory: ok({ current: 64 << 20, limit: 128 << 20 }),
    swap: ok(0),
    memoryKinds: ok({ anon: 60 << 20, file: 4 << 20 }),
    pids: ok(3),
    io: ok({ readBytes: c.read, writeBytes: 0, readOps: c.read / 4096, writeOps: 0 }),
  };
  return { at, initPid, counters, net: ok(net ?? new Map([["eth0", { rxBytes: c.rx, txBytes: c.tx ?? 0, rxPackets: c.rx / 1000, txPackets: 0 }]])) };
}

describe("counterRate", () => {
  it("is the increase per second, and null (never negative) when the counter went back", () => {
    expect(counterRate(100, 600, 5)).toBe(100);
    expect(counterRate(600, 100, 5)).toBeNull();
    expect(counterRate(undefined, 100, 5)).toBeNull();
    expect(counterRate(100, 100, 0)).toBeNull();
  });
});

describe("containerPoint", () => {
  it("turns two readings into CPU % of one core, byte and operation rates, and gauges", () => {
    const a = raw(10_000, 42, { cpuNs: 0, read: 0, rx: 0 });
    const b = raw(15_000, 42, { cpuNs: 5e9, read: 4096 * 50, rx: 500_000 });
    const { point, unavailable } = containerPoint(a, b);
    expect(unavailable).toEqual({});
    expect(point).toMatchObject({ t: 15, cpu: 100, mem: 64 << 20, memLimit: 128 << 20, pids: 3, diskRead: 4096 * 10, diskReadOps: 10, netRx: 100_000, netRxPackets: 100, netTx: 0 });
  });

  it("gives no rates across a restart (another init PID) or a counter that went down, but keeps the gauges", () => {
    const before = raw(10_000, 42, { cpuNs: 9e9, read: 1e6, rx: 1e6 });
    const restarted = containerPoint(before, raw(15_000, 77, { cpuNs: 1e8, read: 0, rx: 10 })).point;
    expect(restarted).toMatchObject({ cpu: null, diskRead: null, netRx: null, mem: 64 << 20 });
    const reset = containerPoint(before, raw(15_000, 42, { cpuNs: 1e8, read: 2e6, rx: 10 })).point;
    expect(reset.cpu).toBeNull();
    expect(reset.netRx).toBeNull();
    expect(reset.diskRead).toBe(200_000);
  });

  it("sums interfaces, leaving out one that was reset or is new", () => {
    const two = (eth1: number) =>
      new Map([
        ["eth0", { rxBytes: eth1 === 0 ? 0 : 1000, txBytes: 0, rxPackets: 0, txPackets: 0 }],
        ["eth1", { rxBytes: eth1, txBytes: 0, rxPackets: 0, txPackets: 0 }],
      ]);
    const a = raw(0, 1, { cpuNs: 0, read: 0, rx: 0 }, two(5000));
    const b = raw(1000, 1, { cpuNs: 0, read: 0, rx: 0 }, new Map([...two(100), ["eth2", { rxBytes: 9, txBytes: 0, rxPackets: 0, txPackets: 0 }]]));
    expect(containerPoint(a, b).point.netRx).toBe(0); // eth0 unchanged, eth1 reset, eth2 new
  });

  it("passes on why a counter is unavailable, for each field it feeds", () => {
    const b = raw(5000, 1, { cpuNs: 1, read: 0, rx: 0 });
    b.counters.io = { ok: false, reason: "the blkio controller is not mounted" };
    b.net = { ok: false, reason: "its network namespace is gone" };
    const { point, unavailable } = containerPoint(undefined, b);
    expect(unavailable).toEqual({
      diskRead: "the blkio controller is not mounted",
      diskWrite: "the blkio controller is not mounted",
      diskReadOps: "the blkio controller is not mounted",
      diskWriteOps: "the blkio controller is not mounted",
      netRx: "its network namespace is gone",
      netTx: "its network namespace is gone",
      netRxPackets: "its network namespace is gone",
      netTxPackets: "its network namespace is gone",
    });
    expect(point.diskRead).toBeNull();
    expect(point.cpu).toBeNull(); // the first reading has no rate yet
  });
});

describe("hostPoint", () => {
  const host = (at: number, total: number, idle: number): HostRaw => ({
    at,
    cpuTotal: total,
    cpuIdle: idle,
    memTotal: 8 * 2 ** 30,
    memAvailable: 6 * 2 ** 30,
    swapUsed: 0,
    load1: 0.5,
    disk: ok({ free: 10 * 2 ** 30, total: 100 * 2 ** 30 }),
  });
  it("is the busy share of all CPUs, memory used (total − available), load and disk", () => {
    const { point } = hostPoint(host(0, 1000, 800), host(5000, 2000, 1550));
    expect(point).toMatchObject({ cpu: 25, mem: 2 * 2 ** 30, memLimit: 8 * 2 ** 30, load1: 0.5, diskFree: 10 * 2 ** 30, diskTotal: 100 * 2 ** 30 });
    expect(hostPoint(undefined, host(0, 1, 1)).point.cpu).toBeNull();
  });
});

describe("interfacePoint", () => {
  const reading = (at: number, initPid: number, rxBytes: number, txBytes: number) => ({ at, initPid, counters: { rxBytes, txBytes, rxPackets: rxBytes / 100, txPackets: txBytes / 100 } });

  it("gives one interface's byte and packet rates and nothing else", () => {
    const p = interfacePoint(reading(10_000, 7, 1000, 500), reading(15_000, 7, 6000, 1500));
    expect(p).toMatchObject({ t: 15, netRx: 1000, netTx: 200, netRxPackets: 10, netTxPackets: 2, cpu: null, mem: null });
  });

  it("has no rates on its first reading, across a restart (another init) or when a counter went back", () => {
    expect(interfacePoint(undefined, reading(15_000, 7, 6000, 1500)).netRx).toBeNull();
    expect(interfacePoint(reading(10_000, 7, 1000, 500), reading(15_000, 8, 6000, 1500)).netRx).toBeNull();
    const reset = interfacePoint(reading(10_000, 7, 9000, 500), reading(15_000, 7, 100, 1500));
    expect(reset.netRx).toBeNull();
    expect(reset.netTx).toBe(200);
  });
});

describe("interfaceNameProblem", () => {
  it("takes Linux interface names and refuses what cannot be one", () => {
    for (const name of ["eth0", "veth1a2b3c", "enp3s0f1.100", "br-lan"]) expect(interfaceNameProblem(name)).toBeNull();
    for (const name of ["", "a/b", "eth 0", "sixteen-chars-xx", ".."]) expect(interfaceNameProblem(name)).toMatch(/interface must be/);
  });
});
