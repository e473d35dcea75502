import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readContainerProcesses } from "@/server/processes/procfs/container-processes";
import { ContainerNotRunning, SignalRefused } from "@/server/processes/procfs/errors";
import { ProcessSampler } from "@/server/processes/procfs/process-sampler";
import { signalContainerProcess } from "@/server/processes/procfs/signal-process";
import { matchesUidRanges, readProcessesByUidRanges } from "@/server/processes/procfs/uid-range-processes";

/** A fake /proc: the reader takes its root as an option, so assembly is tested without real processes. */
interface FakeProcess {
  pid: number;
  comm?: string;
  ppid: number;
  nspid: number[];
  uid: number | [number, number, number, number];
  gid?: number;
  namespace: string;
  cpuTicks?: number;
  startTicks?: number;
  cmdline?: string;
}

const BTIME = 1_700_000_000;
/**
 * Fake host PIDs lie above the kernel's PID_MAX_LIMIT (4,194,304), so no real
 * process can ever have one: a refusal that failed could not signal anything.
 */
const H = (n: number) => 5_000_000 + n;
let root: string;

function writeStat(p: FakeProcess) {
  const tail = `0 0 0 -1 0 0 0 0 0 ${p.cpuTicks ?? 0} 0 0 0 20 0 1 0 ${p.startTicks ?? 1000} 3133440 359 0 0 0`;
  writeFileSync(path.join(root, String(p.pid), "stat"), `${p.pid} (${p.comm ?? "sh"}) S ${p.ppid} ${tail}\n`);
}

function addProcess(p: FakeProcess) {
  const dir = path.join(root, String(p.pid));
  mkdirSync(path.join(dir, "ns"), { recursive: true });
  const uids = Array.isArray(p.uid) ? p.uid : [p.uid, p.uid, p.uid, p.uid];
  const gid = p.gid ?? uids[1];
  writeFileSync(
    path.join(dir, "status"),
    [
      `Name:\t${p.comm ?? "sh"}`,
      "State:\tS (sleeping)",
      `PPid:\t${p.ppid}`,
      `Uid:\t${uids.join("\t")}`,
      `Gid:\t${gid}\t${gid}\t${gid}\t${gid}`,
      `NSpid:\t${p.nspid.join("\t")}`,
      "VmRSS:\t    1000 kB",
      "Threads:\t1",
      "",
    ].join("\n"),
  );
  writeStat(p);
  writeFileSync(path.join(dir, "cmdline"), p.cmdline ?? "");
  symlinkSync(`pid:[${p.namespace}]`, path.join(dir, "ns", "pid"));
}

function addContainerInit(p: FakeProcess, uidMap: string, passwd: string | null) {
  addProcess(p);
  const dir = path.join(root, String(p.pid));
  writeFileSync(path.join(dir, "uid_map"), uidMap);
  writeFileSync(path.join(dir, "gid_map"), uidMap);
  mkdirSync(path.join(dir, "root", "etc"), { recursive: true });
  if (passwd !== null) writeFileSync(path.join(dir, "root", "etc", "passwd"), passwd);
}

const PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/tmp:/bin/sh\n";
const UNPRIVILEGED_MAP = "         0     100000      65536\n";

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "proc-fake-"));
  writeFileSync(path.join(root, "stat"), `cpu  1 2 3\nbtime ${BTIME}\n`);
  mkdirSync(path.join(root, "self")); // not a process: skipped by the listing
  addProcess({ pid: H(1), ppid: H(0), nspid: [H(1)], uid: 0, namespace: "host", cmdline: "/sbin/init\0" });
  addProcess({ pid: H(90), ppid: H(1), nspid: [H(90)], uid: 0, namespace: "host", comm: "lxc-start", cmdline: "[lxc monitor]\0" });
  addContainerInit({ pid: H(100), ppid: H(90), nspid: [H(100), 1], uid: 100000, namespace: "A", comm: "init", cmdline: "init\0\0\0" }, UNPRIVILEGED_MAP, PASSWD);
  addProcess({ pid: H(101), ppid: H(100), nspid: [H(101), 7], uid: 101000, namespace: "A", comm: "sleep", cmdline: "/bin/sleep\x001000\0", cpuTicks: 40 });
  addProcess({ pid: H(102), ppid: H(90), nspid: [H(102), 8], uid: 102000, namespace: "A", comm: "attached" }); // parent outside
  addProcess({ pid: H(103), ppid: H(101), nspid: [H(103), 9], uid: 165535, namespace: "A" }); // no passwd entry
  addContainerInit({ pid: H(200), ppid: H(90), nspid: [H(200), 1], uid: 100000, namespace: "B", comm: "init" }, UNPRIVILEGED_MAP, null);
  addProcess({ pid: H(300), ppid: H(1), nspid: [H(300)], uid: 100000, namespace: "host", comm: "stray" });
  addProcess({ pid: H(301), ppid: H(1), nspid: [H(301)], uid: [0, 0, 100005, 0], namespace: "host", comm: "saved" });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const options = () => ({ procRoot: root, primeMs: 0, sampler: new ProcessSampler() });

describe("readContainerProcesses on a fake /proc", () => {
  it("lists exactly the processes of the init's PID namespace with host and container ids", async () => {
    const rows = await readContainerProcesses(H(100), options());
    expect(rows.map((r) => r.hostPid)).toEqual([H(100), H(101), H(102), H(103)]);
    expect(rows[0]).toEqual({
      hostPid: H(100),
      pid: 1,
      hostPpid: H(90),
      ppid: 0,
      hostUid: 100000,
      uid: 0,
      user: "root",
      hostGid: 100000,
      gid: 0,
      state: "S",
      cpuPercent: 0,
      rssBytes: 1000 * 1024,
      threads: 1,
      startTime: BTIME * 1000 + 10_000,
      command: "init",
    });
    expect(rows[1]).toMatchObject({ pid: 7, ppid: 1, hostUid: 101000, uid: 1000, user: "app", gid: 1000, command: "/bin/sleep 1000" });
    expect(rows[2]).toMatchObject({ pid: 8, ppid: 0, uid: 2000, user: null, command: "[attached]" });
    expect(rows[3]).toMatchObject({ pid: 9, ppid: 7, uid: 65535, user: null });
  });

  it("measures CPU% between refreshes and for processes born in between", async () => {
    let now = 0;
    const sampler = new ProcessSampler({ now: () => now });
    const read = () => readContainerProcesses(H(100), { procRoot: root, primeMs: 0, sampler });
    expect((await read()).every((r) => r.cpuPercent === 0)).toBe(true);
    now = 2000;
    writeStat({ pid: H(101), ppid: H(100), nspid: [], uid: 0, namespace: "A", comm: "sleep", cpuTicks: 140 });
    addProcess({ pid: H(104), ppid: H(100), nspid: [H(104), 10], uid: 100000, namespace: "A", cpuTicks: 30 });
    const rows = await read();
    expect(rows.find((r) => r.hostPid === H(101))?.cpuPercent).toBe(50); // 100 ticks in 2 s
    expect(rows.find((r) => r.hostPid === H(104))?.cpuPercent).toBe(15); // all its 30 ticks since the last listing
  });

  it("skips a process that vanished between reads", async () => {
    rmSync(path.join(root, String(H(101)), "status"));
    rmSync(path.join(root, String(H(103)), "cmdline"));
    const rows = await readContainerProcesses(H(100), options());
    expect(rows.map((r) => r.hostPid)).toEqual([H(100), H(102)]);
  });

  it("shows no user names when the container has no /etc/passwd, or only a symlink to one", async () => {
    expect((await readContainerProcesses(H(200), options()))[0]).toMatchObject({ uid: 0, user: null });
    symlinkSync(path.join(root, String(H(100)), "root", "etc", "passwd"), path.join(root, String(H(200)), "root", "etc", "passwd"));
    expect((await readContainerProcesses(H(200), options()))[0]).toMatchObject({ uid: 0, user: null });
  });

  it("throws ContainerNotRunning when init has exited", async () => {
    await expect(readContainerProcesses(H(999), options())).rejects.toBeInstanceOf(ContainerNotRunning);
  });
});

describe("readProcessesByUidRanges on a fake /proc", () => {
  const containers = [
    { name: "a", initPid: H(100) },
    { name: "b", initPid: H(200) },
    { name: "gone", initPid: H(999) },
  ];

  it("shows every process with a uid in the range, labelled with its container", async () => {
    const rows = await readProcessesByUidRanges([{ from: 100000, to: 165535 }], containers, options());
    expect(rows.map((r) => [r.hostPid, r.container])).toEqual([
      [H(100), "a"],
      [H(101), "a"],
      [H(102), "a"],
      [H(103), "a"],
      [H(200), "b"],
      [H(300), null],
      [H(301), null],
    ]);
    expect(rows.find((r) => r.hostPid === H(101))).toMatchObject({ uid: 1000, user: "app", pid: 7, ppid: 1 });
    expect(rows.find((r) => r.hostPid === H(300))).toMatchObject({ uid: null, user: null, gid: null, pid: H(300) });
  });

  it("reproduces top -U for one uid", async () => {
    const rows = await readProcessesByUidRanges([{ from: 100000, to: 100000 }], containers, options());
    expect(rows.map((r) => r.hostPid)).toEqual([H(100), H(200), H(300)]);
  });

  it("matches real, effective, saved and filesystem uids like top -U", () => {
    const status = (uid: [number, number, number, number]) => ({
      state: "S",
      ppid: 1,
      uid: { real: uid[0], effective: uid[1], saved: uid[2], filesystem: uid[3] },
      gid: { real: 0, effective: 0, saved: 0, filesystem: 0 },
      nspid: [5],
      threads: 1,
      rssBytes: 0,
    });
    const range = [{ from: 100000, to: 100000 }];
    expect(matchesUidRanges(status([100000, 0, 0, 0]), range)).toBe(true);
    expect(matchesUidRanges(status([0, 100000, 0, 0]), range)).toBe(true);
    expect(matchesUidRanges(status([0, 0, 100000, 0]), range)).toBe(true);
    expect(matchesUidRanges(status([0, 0, 0, 100000]), range)).toBe(true);
    expect(matchesUidRanges(status([0, 0, 0, 0]), range)).toBe(false);
    expect(matchesUidRanges(status([0, 0, 0, 0]), [...range, { from: 0, to: 0 }])).toBe(true);
  });
});

describe("signalContainerProcess refusals on a fake /proc (nothing real is ever signalled here)", () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof SignalRefused ? error.reason : error;
    }
    return "signalled";
  };

  it("refuses a host PID outside the container", () => {
    expect(refusal(() => signalContainerProcess(H(100), { hostPid: H(300) }, "SIGTERM", { procRoot: root }))).toBe("not-in-container");
    expect(refusal(() => signalContainerProcess(H(100), { hostPid: H(200) }, "SIGKILL", { procRoot: root }))).toBe("not-in-container");
  });

  it("refuses a PID that does not exist, inside or on the host", () => {
    expect(refusal(() => signalContainerProcess(H(100), { hostPid: H(4242) }, "SIGTERM", { procRoot: root }))).toBe("no-such-process");
    expect(refusal(() => signalContainerProcess(H(100), { pid: 4242 }, "SIGTERM", { procRoot: root }))).toBe("no-such-process");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses the non-PID %s, which kill(2) would turn into a group signal", (pid) => {
    expect(refusal(() => signalContainerProcess(H(100), { hostPid: pid }, "SIGTERM", { procRoot: root }))).toBe("no-such-process");
    expect(refusal(() => signalContainerProcess(H(100), { pid }, "SIGTERM", { procRoot: root }))).toBe("no-such-process");
  });

  it("refuses a PID reused by another process", () => {
    const target = { hostPid: H(101), startTime: BTIME * 1000 + 9_990 };
    expect(refusal(() => signalContainerProcess(H(100), target, "SIGTERM", { procRoot: root }))).toBe("process-replaced");
  });

  it("refuses the container's init", () => {
    expect(refusal(() => signalContainerProcess(H(100), { pid: 1 }, "SIGKILL", { procRoot: root }))).toBe("container-init");
  });

  it("refuses a signal other than SIGTERM or SIGKILL, and a stopped container", () => {
    const forged = "SIGSTOP" as "SIGTERM";
    expect(refusal(() => signalContainerProcess(H(100), { hostPid: H(101) }, forged, { procRoot: root }))).toBeInstanceOf(TypeError);
    expect(refusal(() => signalContainerProcess(H(999), { hostPid: H(101) }, "SIGTERM", { procRoot: root }))).toBeInstanceOf(
      ContainerNotRunning,
    );
  });
});
