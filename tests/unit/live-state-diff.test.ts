import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "@/lib/container-types";
import { containerRow } from "../helpers/container-row";
import { diffStates, mergeReconciled, sameRow } from "@/server/live/state-diff";
import { compressIpv6, parseFibTrie, parseIfInet6 } from "@/server/live/netns-addresses";

const row = (name: string, over: Partial<ContainerSummary> = {}): ContainerSummary => containerRow("STOPPED", { name, ...over });
const map = (...rows: ContainerSummary[]) => new Map(rows.map((r) => [r.name, r]));

describe("diffStates", () => {
  it("finds added, removed and changed rows, and which changed state", () => {
    const before = map(row("a"), row("b", { state: "RUNNING", pid: 10, ipv4: ["10.0.3.2"] }), row("c"));
    const after = map(row("a"), row("b", { state: "STOPPED" }), row("d"));
    const d = diffStates(before, after);
    expect(d.added.map((r) => r.name)).toEqual(["d"]);
    expect(d.removed).toEqual(["c"]);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ stateChanged: true, before: { state: "RUNNING" }, after: { state: "STOPPED" } });
  });

  it("sees an address or autostart change that is not a state change", () => {
    const d = diffStates(map(row("a", { state: "RUNNING", pid: 5 })), map(row("a", { state: "RUNNING", pid: 5, ipv4: ["10.0.3.9"] })));
    expect(d.changed[0]?.stateChanged).toBe(false);
    expect(diffStates(map(row("a")), map(row("a", { autostart: true }))).changed).toHaveLength(1);
  });

  it("takes addresses in any order, and memory within the slack, as the same", () => {
    expect(sameRow(row("a", { ipv4: ["1.1.1.1", "2.2.2.2"] }), row("a", { ipv4: ["2.2.2.2", "1.1.1.1"] }))).toBe(true);
    expect(sameRow(row("a", { memoryBytes: 1000 }), row("a", { memoryBytes: 1500 }), 600)).toBe(true);
    expect(sameRow(row("a", { memoryBytes: 1000 }), row("a", { memoryBytes: 1700 }), 600)).toBe(false);
    expect(diffStates(map(row("a")), map(row("a"))).changed).toEqual([]);
  });

  it("keeps /proc's addresses over a reconciliation that did not ask for them, unless the init changed", () => {
    const known = row("a", { state: "RUNNING", pid: 7, ipv4: ["10.0.3.4"], memoryBytes: 4096 });
    expect(mergeReconciled(known, row("a", { state: "RUNNING", pid: 7 }))).toMatchObject({ ipv4: ["10.0.3.4"], memoryBytes: 4096 });
    expect(mergeReconciled(known, row("a", { state: "RUNNING", pid: 8 })).ipv4).toEqual([]);
    expect(mergeReconciled(known, row("a", { state: "STOPPED" })).ipv4).toEqual([]);
  });
});

describe("addresses from /proc/PID/net", () => {
  const fib = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 10.0.3.0/24 2 0 2
        +-- 10.0.3.0/28 2 0 2
           |-- 10.0.3.0
              /24 link UNICAST
           |-- 10.0.3.17
              /32 host LOCAL
        |-- 10.0.3.255
           /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        |-- 127.0.0.1
           /32 host LOCAL
Local:
  +-- 0.0.0.0/0 3 0 5
           |-- 10.0.3.17
              /32 host LOCAL
`;
  it("reads the local IPv4 addresses, loopback left out, each once", () => {
    expect(parseFibTrie(fib)).toEqual(["10.0.3.17"]);
    expect(parseFibTrie("")).toEqual([]);
  });

  it("reads global IPv6 addresses only", () => {
    const text = [
      "00000000000000000000000000000001 01 80 10 80       lo",
      "fe80000000000000c46e01fffe0636c2 02 40 20 80     eth0",
      "fd4200000000000000000000000000a5 02 40 00 00     eth0",
    ].join("\n");
    expect(parseIfInet6(text)).toEqual(["fd42::a5"]);
  });

  it("writes IPv6 the usual short way", () => {
    expect(compressIpv6("20010db8000000000000000000000001")).toBe("2001:db8::1");
    expect(compressIpv6("20010db8000100000001000000000001")).toBe("2001:db8:1:0:1::1");
    expect(compressIpv6("fe80000000000000c46e01fffe0636c2")).toBe("fe80::c46e:1ff:fe06:36c2");
  });
});
