import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContainerProcesses } from "@/server/processes/procfs/container-processes";
import { SignalRefused } from "@/server/processes/procfs/errors";
import { signalContainerProcess } from "@/server/processes/procfs/signal-process";
import type { ProcessRow } from "@/server/processes/procfs/types";
import { readProcessesByUidRanges } from "@/server/processes/procfs/uid-range-processes";
import { SUBORDINATE_BASE as BASE, testContainerConf } from "../helpers/test-container-conf";
import { eventually, removeContainer, run } from "./lxc-helpers";
import { APP_SLEEP as SLEEP, isAlive, startSleepAsApp } from "./proc-helpers";

// Real LXC: an unprivileged busybox container (ids 0-65535 inside = 100000-165535
// on the host) with a non-root user running `sleep 1000`, a second unprivileged
// one, and a privileged one, all removed afterwards.

const suffix = randomBytes(3).toString("hex");
const UNPRIVILEGED = `t-proc-u-${suffix}`;
const OTHER = `t-proc-v-${suffix}`;
const PRIVILEGED = `t-proc-p-${suffix}`;
const confDir = mkdtempSync(path.join(tmpdir(), "t-proc-"));
/** How long a process may take to show up in /proc or to leave it. */
const WAIT_MS = 10_000;
const initPids = new Map<string, number>();
let hostSleeper: ChildProcess | undefined;

function startContainer(name: string, unprivileged: boolean): void {
  const conf = path.join(confDir, `${name}.conf`);
  writeFileSync(conf, testContainerConf({ unprivileged }));
  run("lxc-create", "-n", name, "-t", "busybox", "-f", conf);
  run("lxc-start", "-n", name, "-d");
  run("lxc-wait", "-n", name, "-s", "RUNNING", "-t", "30");
  initPids.set(name, Number(run("lxc-info", "-n", name, "-pH").trim()));
}

const attachTo =
  (name: string) =>
  (...command: string[]) =>
    run("lxc-attach", "-n", name, "--clear-env", "--", ...command);

const initPid = (name: string) => initPids.get(name)!;
const options = { primeMs: 50 };
const read = (name: string) => readContainerProcesses(initPid(name), options);

const findSleep = (name: string) => eventually(async () => (await read(name)).find((r) => r.command === SLEEP), WAIT_MS, `sleep in ${name}`);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignalRefused) return error.reason;
    throw error;
  }
  return "signalled";
}

beforeAll(() => {
  startContainer(UNPRIVILEGED, true);
  startContainer(OTHER, true);
  startContainer(PRIVILEGED, false);
  startSleepAsApp(attachTo(UNPRIVILEGED));
  startSleepAsApp(attachTo(PRIVILEGED));
  // A host process running as a subordinate uid that no container holds.
  hostSleeper = spawn("sleep", ["1000"], { uid: BASE + 777, gid: BASE + 777, stdio: "ignore" });
});

afterAll(() => {
  if (hostSleeper?.pid !== undefined && hostSleeper.exitCode === null) hostSleeper.kill("SIGKILL");
  for (const name of [UNPRIVILEGED, OTHER, PRIVILEGED]) removeContainer(name);
  rmSync(confDir, { recursive: true, force: true });
});

describe("readContainerProcesses on real LXC", () => {
  it("finds the sleep with the container's user name and uid, and host uid = base + uid", async () => {
    const sleep = await findSleep(UNPRIVILEGED);
    expect(sleep).toMatchObject({ user: "app", uid: 1000, hostUid: BASE + 1000, gid: 1000, hostGid: BASE + 1000, ppid: 1 });
    expect(sleep.pid).toBeGreaterThan(1);
    expect(sleep.state).toBe("S");
    expect(sleep.rssBytes).toBeGreaterThan(0);
    expect(sleep.startTime).toBeGreaterThan(Date.now() - 600_000);
    expect(sleep.startTime).toBeLessThanOrEqual(Date.now());
  });

  it("shows init as root, host uid = base", async () => {
    const rows = await read(UNPRIVILEGED);
    expect(rows.find((r) => r.pid === 1)).toMatchObject({ hostPid: initPid(UNPRIVILEGED), uid: 0, user: "root", hostUid: BASE, ppid: 0, command: "init" });
  });

  it("agrees with ps inside the container on PIDs and users", async () => {
    const inside = run("lxc-attach", "-n", UNPRIVILEGED, "--clear-env", "--", "ps", "-o", "pid,user,args");
    const rows = await read(UNPRIVILEGED);
    const psRows = inside
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(([, , command]) => command !== "ps"); // ps itself exited
    expect(psRows.length).toBeGreaterThan(2);
    for (const [pid, user] of psRows) {
      expect(rows.find((r) => r.pid === Number(pid))?.user).toBe(user);
    }
  });

  it("finds no process of another container or of the host", async () => {
    const rows = await read(UNPRIVILEGED);
    const others = await read(OTHER);
    const hostPids = new Set(rows.map((r) => r.hostPid));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((r) => hostPids.has(r.hostPid))).toEqual([]);
    expect(others.find((r) => r.command === SLEEP)).toBeUndefined();
    for (const hostPid of [process.pid, 1, hostSleeper!.pid!, initPid(OTHER), initPid(PRIVILEGED)]) {
      expect(hostPids.has(hostPid)).toBe(false);
    }
    const namespace = readlinkSync(`/proc/${initPid(UNPRIVILEGED)}/ns/pid`);
    for (const row of rows) {
      try {
        expect(readlinkSync(`/proc/${row.hostPid}/ns/pid`)).toBe(namespace);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe("ENOENT"); // exited since
      }
    }
  });

  it("shows equal host and container uids in a privileged container", async () => {
    const sleep = await findSleep(PRIVILEGED);
    expect(sleep).toMatchObject({ user: "app", uid: 1000, hostUid: 1000, gid: 1000, hostGid: 1000 });
    const rows = await read(PRIVILEGED);
    expect(rows.find((r) => r.pid === 1)).toMatchObject({ uid: 0, hostUid: 0, user: "root" });
    for (const row of rows) {
      expect(row.uid).toBe(row.hostUid);
      expect(row.gid).toBe(row.hostGid);
    }
  });
});

describe("readProcessesByUidRanges on real LXC", () => {
  const refs = () => [UNPRIVILEGED, OTHER, PRIVILEGED].map((name) => ({ name, initPid: initPid(name) }));

  it("labels each process of the subordinate range with its container, or none", async () => {
    const rows = await readProcessesByUidRanges([{ from: BASE, to: BASE + 65535 }], refs(), options);
    const sleep = await findSleep(UNPRIVILEGED);
    expect(rows.find((r) => r.hostPid === sleep.hostPid)).toMatchObject({ container: UNPRIVILEGED, user: "app", uid: 1000, pid: sleep.pid });
    expect(rows.find((r) => r.hostPid === initPid(OTHER))).toMatchObject({ container: OTHER, uid: 0, user: "root", pid: 1 });
    expect(rows.find((r) => r.hostPid === hostSleeper!.pid)).toMatchObject({ container: null, uid: null, hostUid: BASE + 777 });
    expect(rows.filter((r) => r.container === PRIVILEGED)).toEqual([]);
    expect(rows.every((r) => r.hostUid >= BASE && r.hostUid <= BASE + 65535)).toBe(true);
  });

  it("shows the same processes as top -U for one uid", async () => {
    const range = [{ from: BASE, to: BASE }];
    const pidsOf = (rows: ProcessRow[]) => new Set(rows.map((r) => r.hostPid));
    const before = pidsOf(await readProcessesByUidRanges(range, [], options));
    const top = run("top", "-b", "-n", "1", "-U", String(BASE), "-w", "512");
    const after = pidsOf(await readProcessesByUidRanges(range, [], options));
    const topPids = new Set(
      top
        .split("\n")
        .filter((line) => /^\s*\d+\s/.test(line))
        .map((line) => Number(line.trim().split(/\s+/)[0])),
    );
    expect(topPids.size).toBeGreaterThan(0);
    // Processes may start or exit between the three reads: compare what was stable.
    for (const pid of before) if (after.has(pid)) expect(topPids.has(pid)).toBe(true);
    // One that top saw and neither read did lived only between them (other containers of the range run short commands): it is gone now.
    for (const pid of topPids) expect(before.has(pid) || after.has(pid) || !existsSync(`/proc/${pid}`)).toBe(true);
    expect(topPids.has(initPid(UNPRIVILEGED))).toBe(true);
  });
});

describe("signalContainerProcess on real LXC", () => {
  it("refuses a PID outside the container and signals nothing", async () => {
    for (const hostPid of [hostSleeper!.pid!, initPid(OTHER), process.pid]) {
      expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), { hostPid }, "SIGKILL"))).toBe("not-in-container");
      expect(isAlive(hostPid)).toBe(true);
    }
    const sleep = await findSleep(PRIVILEGED);
    expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), { hostPid: sleep.hostPid }, "SIGKILL"))).toBe(
      "not-in-container",
    );
    expect(isAlive(sleep.hostPid)).toBe(true);
  });

  it("refuses a PID that already exited", () => {
    const exited = spawnSync("true");
    expect(exited.status).toBe(0);
    // The PID is free again; if something reused it, it is not in the container either.
    expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), { hostPid: exited.pid }, "SIGTERM"))).toBeOneOf([
      "no-such-process",
      "not-in-container",
    ]);
    expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), { pid: 30000 }, "SIGTERM"))).toBe("no-such-process");
  });

  it("refuses a stale start time and the container's init", async () => {
    const sleep = await findSleep(UNPRIVILEGED);
    const stale = { hostPid: sleep.hostPid, startTime: sleep.startTime - 10 };
    expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), stale, "SIGTERM"))).toBe("process-replaced");
    expect(refusal(() => signalContainerProcess(initPid(UNPRIVILEGED), { pid: 1 }, "SIGKILL"))).toBe("container-init");
    expect(isAlive(sleep.hostPid)).toBe(true);
    expect(isAlive(initPid(UNPRIVILEGED))).toBe(true);
  });

  it("ends the sleep with SIGTERM by its PID inside, and it disappears", async () => {
    const sleep = await findSleep(UNPRIVILEGED);
    const signalled = signalContainerProcess(initPid(UNPRIVILEGED), { pid: sleep.pid, startTime: sleep.startTime }, "SIGTERM");
    expect(signalled).toEqual({ hostPid: sleep.hostPid, pid: sleep.pid, signal: "SIGTERM", command: SLEEP });
    await eventually(async () => ((await read(UNPRIVILEGED)).some((r) => r.hostPid === sleep.hostPid) ? undefined : true), WAIT_MS, "the sleep to end");
  });

  it("ends the privileged container's sleep with SIGKILL by host PID", async () => {
    const sleep = await findSleep(PRIVILEGED);
    const signalled = signalContainerProcess(initPid(PRIVILEGED), { hostPid: sleep.hostPid, startTime: sleep.startTime }, "SIGKILL");
    expect(signalled).toMatchObject({ hostPid: sleep.hostPid, signal: "SIGKILL" });
    await eventually(async () => ((await read(PRIVILEGED)).some((r) => r.hostPid === sleep.hostPid) ? undefined : true), WAIT_MS, "the sleep to end");
  });
});
