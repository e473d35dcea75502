import { describe, expect, it } from "vitest";
import type { ProcessRow } from "@/lib/process-types";
import { killCommand, processTotals } from "@/lib/process-types";
import { startedText, uidMappingText, userText } from "@/components/processes/process-format";
import {
  compareProcesses,
  filterProcesses,
  groupByContainer,
  nextSort,
  orderProcesses,
  type ProcessSort,
} from "@/components/processes/process-order";
import { mergeUidRanges } from "@/server/processes/host-process-view";

function row(hostPid: number, hostPpid: number, fields: Partial<ProcessRow> = {}): ProcessRow {
  return {
    hostPid,
    pid: hostPid - 1000,
    hostPpid,
    ppid: hostPpid - 1000,
    hostUid: 100000,
    uid: 0,
    user: "root",
    hostGid: 100000,
    gid: 0,
    state: "S",
    cpuPercent: 0,
    rssBytes: 1024,
    threads: 1,
    startTime: 1_700_000_000_000 + hostPid,
    command: `cmd${hostPid}`,
    ...fields,
  };
}

// init (1001) → sh (1002) → { sleep (1003), yes (1004) }; httpd (1005) under init.
const init = row(1001, 900, { cpuPercent: 0.1, rssBytes: 900, command: "/sbin/init" });
const sh = row(1002, 1001, { cpuPercent: 0, rssBytes: 2000, command: "/bin/sh" });
const sleep = row(1003, 1002, { cpuPercent: 0, rssBytes: 500, command: "sleep 777", user: "app", uid: 1000, hostUid: 101000 });
const yes = row(1004, 1002, { cpuPercent: 99.5, rssBytes: 700, command: "yes" });
const httpd = row(1005, 1001, { cpuPercent: 3, rssBytes: 8000, command: "httpd -f", user: null, uid: 33, hostUid: 100033 });
const rows = [sleep, httpd, init, yes, sh];

const pids = (ordered: Array<{ row: ProcessRow }>) => ordered.map((d) => d.row.hostPid);

describe("process ordering", () => {
  it("sorts by CPU, memory, PID and user in either direction", () => {
    const by = (sort: ProcessSort) => [...rows].sort(compareProcesses(sort)).map((r) => r.hostPid);
    expect(by({ key: "cpu", direction: "descending" })).toEqual([1004, 1005, 1001, 1002, 1003]);
    expect(by({ key: "memory", direction: "descending" })).toEqual([1005, 1002, 1001, 1004, 1003]);
    expect(by({ key: "pid", direction: "ascending" })).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(by({ key: "pid", direction: "descending" })).toEqual([1005, 1004, 1003, 1002, 1001]);
    // No name sorts first, then A–Z; equal names by uid, then host PID.
    expect(by({ key: "user", direction: "ascending" })).toEqual([1005, 1003, 1001, 1002, 1004]);
  });

  it("keeps equal rows in host PID order whatever the direction, so a refresh moves nothing", () => {
    const idle = [row(7, 1), row(5, 1), row(6, 1)];
    expect(idle.sort(compareProcesses({ key: "cpu", direction: "descending" })).map((r) => r.hostPid)).toEqual([5, 6, 7]);
  });

  it("starts a new column in its natural order and flips the current one", () => {
    expect(nextSort({ key: "pid", direction: "ascending" }, "memory")).toEqual({ key: "memory", direction: "descending" });
    expect(nextSort({ key: "cpu", direction: "descending" }, "user")).toEqual({ key: "user", direction: "ascending" });
    expect(nextSort({ key: "pid", direction: "ascending" }, "pid")).toEqual({ key: "pid", direction: "descending" });
  });

  it("puts each process under its parent in the tree view, siblings in the chosen order", () => {
    const tree = orderProcesses(rows, { key: "cpu", direction: "descending" }, true);
    expect(pids(tree)).toEqual([1001, 1005, 1002, 1004, 1003]);
    expect(tree.map((d) => d.depth)).toEqual([0, 1, 1, 2, 2]);
    const flat = orderProcesses(rows, { key: "pid", direction: "ascending" }, false);
    expect(flat.every((d) => d.depth === 0)).toBe(true);
  });

  it("makes a process whose parent is filtered out the root of its own tree", () => {
    const filtered = filterProcesses(rows, "sleep");
    expect(pids(orderProcesses(filtered, { key: "pid", direction: "ascending" }, true))).toEqual([1003]);
    const withoutShell = rows.filter((r) => r !== sh);
    const tree = orderProcesses(withoutShell, { key: "pid", direction: "ascending" }, true);
    expect(tree.map((d) => [d.row.hostPid, d.depth])).toEqual([
      [1001, 0],
      [1005, 1],
      [1003, 0],
      [1004, 0],
    ]);
  });

  it("filters on command, user, PIDs and uids, ignoring case", () => {
    expect(filterProcesses(rows, "HTTPD").map((r) => r.hostPid)).toEqual([1005]);
    expect(filterProcesses(rows, "app").map((r) => r.hostPid)).toEqual([1003]);
    expect(filterProcesses(rows, "101000").map((r) => r.hostPid)).toEqual([1003]);
    expect(filterProcesses(rows, "  ")).toHaveLength(rows.length);
    expect(filterProcesses(rows, "nothing-like-this")).toEqual([]);
  });

  it("groups the host view by container, by name, with no container last", () => {
    const labelled = [
      { ...init, container: "web" },
      { ...sh, container: null },
      { ...yes, container: "db" },
      { ...httpd, container: "web" },
    ];
    expect(groupByContainer(labelled).map((g) => [g.container, g.rows.map((r) => r.hostPid)])).toEqual([
      ["db", [1004]],
      ["web", [1001, 1005]],
      [null, [1002]],
    ]);
  });
});

describe("process cells", () => {
  it("writes the uid mapping as host → container (user)", () => {
    expect(uidMappingText({ hostUid: 100000, uid: 0, user: "root" })).toBe("100000 → 0 (root)");
    expect(uidMappingText({ hostUid: 101000, uid: 1000, user: null })).toBe("101000 → 1000");
    expect(uidMappingText({ hostUid: 100000, uid: null, user: null })).toBe("100000");
    expect(userText({ uid: 1000, user: null })).toBe("1000");
    expect(userText({ uid: null, user: null })).toBe("—");
  });

  it("shows the start time for today and the date before", () => {
    const now = new Date(2026, 10, 28, 15, 0, 0);
    expect(startedText(new Date(2026, 10, 28, 9, 5, 7).getTime(), now)).toBe("09:05:07");
    expect(startedText(new Date(2026, 10, 27, 23, 59, 0).getTime(), now)).toBe("2026-11-27");
  });

  it("sums totals and writes the kill command with the host PID", () => {
    expect(processTotals(rows)).toEqual({ processes: 5, cpuPercent: 102.6, rssBytes: 12100 });
    expect(processTotals([])).toEqual({ processes: 0, cpuPercent: 0, rssBytes: 0 });
    expect(killCommand("SIGTERM", 12345)).toBe("kill -TERM 12345");
    expect(killCommand("SIGKILL", 7)).toBe("kill -KILL 7");
  });
});

describe("uid ranges in use", () => {
  it("merges ranges with the same bounds, naming every owner once, ordered by first uid", () => {
    expect(
      mergeUidRanges([
        { from: 200000, to: 265535, owner: "container b" },
        { from: 100000, to: 165535, owner: "root's subordinate uids" },
        { from: 100000, to: 165535, owner: "container a" },
        { from: 100000, to: 165535, owner: "container a" },
        { from: 100000, to: 100999, owner: "container c" },
      ]),
    ).toEqual([
      { from: 100000, to: 100999, owners: ["container c"] },
      { from: 100000, to: 165535, owners: ["root's subordinate uids", "container a"] },
      { from: 200000, to: 265535, owners: ["container b"] },
    ]);
  });
});
