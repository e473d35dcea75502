import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseLoadavg, parseMeminfo, parseProcStatCpu } from "@/server/metrics/host-counters";
import { mirrorDistance, parseInterfaceIndexes, parseNetDev, swapToPeerView } from "@/server/metrics/parse-net";
import { scanRunningContainers } from "@/server/metrics/running-containers";

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0:    5388      38    0    0    0     0          0         0     1680       8    0    0    0     0       0          0
veth0TDWzO: 1680 8 0 0 0 0 0 0 5388 38 0 0 0 0 0 0
`;

describe("network files", () => {
  it("reads /proc/net/dev per interface, names with odd characters too", () => {
    const net = parseNetDev(NET_DEV);
    expect(net.get("eth0")).toEqual({ rxBytes: 5388, rxPackets: 38, txBytes: 1680, txPackets: 8 });
    expect(net.get("veth0TDWzO")).toEqual({ rxBytes: 1680, rxPackets: 8, txBytes: 5388, txPackets: 38 });
    expect(net.size).toBe(3);
  });

  it("turns a host veth's counters to the container's view and measures how well they mirror", () => {
    const net = parseNetDev(NET_DEV);
    expect(swapToPeerView(net.get("veth0TDWzO")!)).toEqual(net.get("eth0"));
    expect(mirrorDistance(net.get("veth0TDWzO")!, net.get("eth0")!)).toBe(0);
    expect(mirrorDistance(net.get("eth0")!, net.get("eth0")!)).toBe(2 * (5388 - 1680));
  });

  it("finds interface indexes in igmp, dev_mcast and if_inet6", () => {
    const igmp = "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n2\teth0      :     1      V3\n";
    const mcast = "3    eth1            1     0     333300000001\n";
    const inet6 = "fe800000000000001009b4fffe23ab39 04 40 20 80     eth2\n";
    expect(parseInterfaceIndexes(igmp, mcast, inet6)).toEqual(new Map([["lo", 1], ["eth0", 2], ["eth1", 3], ["eth2", 4]]));
  });
});

describe("host files", () => {
  it("reads /proc/stat's cpu line, /proc/meminfo and /proc/loadavg", () => {
    expect(parseProcStatCpu("cpu  100 0 50 800 50 0 0 0 10 0\ncpu0 1 2 3 4 5 6 7 8\n")).toEqual({ total: 1000, idle: 850 });
    expect(parseMeminfo("MemTotal:       24683116 kB\nMemAvailable:   22000000 kB\nHugePages_Total:       0\n")).toEqual(
      new Map([["MemTotal", 24683116 * 1024], ["MemAvailable", 22000000 * 1024], ["HugePages_Total", 0]]),
    );
    expect(parseLoadavg("0.52 0.58 0.59 2/1234 56789\n")).toBe(0.52);
  });
});

describe("scanRunningContainers", () => {
  const proc = mkdtempSync(path.join(tmpdir(), "fake-proc-"));
  afterAll(() => rmSync(proc, { recursive: true, force: true }));
  const processDir = (pid: number, cmdline: string, children: number[], ns = "pid:[4026531836]") => {
    mkdirSync(path.join(proc, String(pid), "task", String(pid)), { recursive: true });
    mkdirSync(path.join(proc, String(pid), "ns"), { recursive: true });
    writeFileSync(path.join(proc, String(pid), "cmdline"), cmdline);
    writeFileSync(path.join(proc, String(pid), "task", String(pid), "children"), children.map((c) => `${c} `).join(""));
    symlinkSync(ns, path.join(proc, String(pid), "ns", "pid"));
  };

  it("finds each LXC monitor of the lxcpath and takes its child as the container's init", () => {
    mkdirSync(path.join(proc, "self", "ns"), { recursive: true });
    symlinkSync("pid:[4026531836]", path.join(proc, "self", "ns", "pid"));
    processDir(100, "[lxc monitor] /var/lib/lxc web\0", [101]);
    processDir(200, "[lxc monitor] /var/lib/lxc db \0", [201, 250]);
    processDir(300, "[lxc monitor] /home/alice/.local/share/lxc web\0", [301]);
    processDir(400, "/bin/sh\0-c\0[lxc monitor] /var/lib/lxc x\0", []);
    processDir(500, "[lxc monitor] /var/lib/lxc spoof\0", [501], "pid:[4026532999]"); // another PID namespace: a container's own process
    const found = scanRunningContainers("/var/lib/lxc", proc).sort((a, b) => a.name.localeCompare(b.name));
    expect(found).toEqual([
      { name: "db", initPid: 201 },
      { name: "web", initPid: 101 },
    ]);
  });
});
