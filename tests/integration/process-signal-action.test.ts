import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerProcessesResponse, ProcessRow } from "@/lib/process-types";
import { useTempDatabase } from "../helpers/temp-database";
import { testContainerConf } from "../helpers/test-container-conf";
import { eventually, removeContainer, run, uniqueName } from "./lxc-helpers";
import { isAlive } from "./proc-helpers";

// The Processes tab's server side on real LXC and real SQLite: the view a
// refresh returns, the host view's labels, and the audited signal path with
// forged, stale and malformed requests (refused, nothing signalled, audited).

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { containerProcessView } = await import("@/server/processes/container-process-view");
const { hostProcessView } = await import("@/server/processes/host-process-view");
const { signalProcessAudited } = await import("@/server/processes/audited-signal");

const NAME = uniqueName("procsig");
const STOPPED = uniqueName("procstop");
const who = { actor: "tester", address: "127.0.0.1" };
let hostSleeper: ChildProcess;

function createBusybox(name: string, start: boolean): void {
  const conf = path.join(temp.dataDir, `${name}.conf`);
  writeFileSync(conf, testContainerConf({ network: false }));
  run("lxc-create", "-n", name, "-t", "busybox", "-f", conf);
  if (start) {
    run("lxc-start", "-n", name, "-d");
    run("lxc-wait", "-n", name, "-s", "RUNNING", "-t", "30");
  }
}

/** Starts `sleep SECONDS` inside as a daemon; it outlives lxc-attach. */
function startSleep(seconds: number): void {
  run("lxc-attach", "-n", NAME, "--clear-env", "--", "start-stop-daemon", "-S", "-b", "-x", "/bin/sleep", "--", String(seconds));
}

async function running(): Promise<Extract<ContainerProcessesResponse, { running: true }>> {
  const view = await containerProcessView(NAME);
  if (!view.running) throw new Error(`${NAME} is not running`);
  return view;
}

const findSleep = (seconds: number) =>
  eventually(async () => (await running()).processes.find((r) => r.command === `/bin/sleep ${seconds}`), 20_000, `sleep ${seconds}`);

const lastAudit = () => db().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

beforeAll(() => {
  createBusybox(NAME, true);
  createBusybox(STOPPED, false);
  hostSleeper = spawn("sleep", ["1000"], { stdio: "ignore" });
});

afterAll(async () => {
  hostSleeper?.kill("SIGKILL");
  removeContainer(NAME);
  removeContainer(STOPPED);
  await db().$disconnect();
  temp.cleanup();
});

describe("a refresh of the Processes tab", () => {
  it("shows init as root with host uid 100000, and totals that add up", async () => {
    const view = await running();
    const init = view.processes.find((r) => r.pid === 1);
    expect(init).toMatchObject({ hostUid: 100000, uid: 0, user: "root" });
    expect(view.totals.processes).toBe(view.processes.length);
    expect(view.totals.rssBytes).toBe(view.processes.reduce((sum, r) => sum + r.rssBytes, 0));
  });

  it("says a stopped container is not running, with no processes and no error", async () => {
    expect(await containerProcessView(STOPPED)).toEqual({ running: false, processes: [] });
  });

  it("throws ContainerNotFound for a container that does not exist", async () => {
    await expect(containerProcessView(uniqueName("absent"))).rejects.toMatchObject({ code: "CONTAINER_NOT_FOUND" });
  });
});

describe("the host view", () => {
  it("labels the container's processes with its name and reads the ranges in use", async () => {
    const view = await hostProcessView();
    expect(view.ranges).toContainEqual(expect.objectContaining({ from: 100000, to: 165535, owners: expect.arrayContaining([`container ${NAME}`]) }));
    const mine = view.processes.filter((r) => r.container === NAME);
    expect(mine.map((r) => r.pid)).toContain(1);
    expect(view.processes.some((r) => r.hostPid === hostSleeper.pid)).toBe(false);
  });

  it("shows, for one uid, only processes running as that uid (top -U 100000)", async () => {
    // Within root's subordinate range, so anyone may list it (null would mean refused).
    const view = (await hostProcessView({ from: 100000, to: 100000 }))!;
    expect(view.ranges).toEqual([{ from: 100000, to: 100000, owners: [] }]);
    expect(view.processes.length).toBeGreaterThan(0);
    // Busybox containers run everything as root, so each row found runs as host uid 100000.
    expect(view.processes.every((r) => r.hostUid === 100000)).toBe(true);
    expect(view.processes.find((r) => r.container === NAME && r.pid === 1)).toBeDefined();
  });
});

describe("the signal action", () => {
  it("refuses a forged request for a host process outside the container: nothing signalled, audited", async () => {
    const forged = hostSleeper.pid!;
    const result = await signalProcessAudited(who, NAME, { hostPid: forged, startTime: 0, signal: "SIGKILL" });
    expect(result).toEqual({ ok: false, error: `Process with host PID ${forged} is not in this container.` });
    expect(isAlive(forged)).toBe(true);
    expect(await lastAudit()).toMatchObject({
      actor: "tester",
      action: "signal process",
      container: NAME,
      command: `kill -KILL ${forged}`,
      outcome: "failed",
      detail: result.ok ? null : result.error,
    });
  });

  it("refuses a PID whose process is not the one shown (another start time)", async () => {
    startSleep(771);
    const sleep = await findSleep(771);
    const result = await signalProcessAudited(who, NAME, { hostPid: sleep.hostPid, startTime: sleep.startTime + 10_000, signal: "SIGTERM" });
    expect(result.ok).toBe(false);
    expect(isAlive(sleep.hostPid)).toBe(true);
  });

  it("refuses malformed requests and other signals before any lookup, and records the refusal", async () => {
    const before = await db().auditEntry.count();
    for (const request of [
      { hostPid: -1, startTime: 0, signal: "SIGTERM" },
      { hostPid: 1, startTime: 0, signal: "SIGSTOP" },
      { hostPid: "1", startTime: 0, signal: "SIGTERM" },
      null,
    ]) {
      expect(await signalProcessAudited(who, NAME, request)).toMatchObject({ ok: false });
      expect(await lastAudit()).toMatchObject({ outcome: "refused", container: NAME });
    }
    expect(await db().auditEntry.count()).toBe(before + 4);
  });

  it("refuses a bad container name without touching anything", async () => {
    const before = await db().auditEntry.count();
    expect(await signalProcessAudited(who, "../etc", { hostPid: 1, startTime: 0, signal: "SIGTERM" })).toMatchObject({ ok: false });
    expect(await db().auditEntry.count()).toBe(before);
  });

  it("sends SIGTERM to the process shown, which then disappears from the view; audited ok", async () => {
    const sleep: ProcessRow = await findSleep(771);
    const result = await signalProcessAudited(who, NAME, { hostPid: sleep.hostPid, startTime: sleep.startTime, signal: "SIGTERM" });
    expect(result).toEqual({ ok: true, message: `SIGTERM sent to PID ${sleep.pid} (/bin/sleep 771)` });
    expect(await lastAudit()).toMatchObject({ command: `kill -TERM ${sleep.hostPid}`, outcome: "ok", exitCode: 0 });
    await eventually(
      async () => ((await running()).processes.some((r) => r.hostPid === sleep.hostPid) ? undefined : true),
      20_000,
      "the sleep to exit",
    );
  });

  it("refuses a PID that has exited since the page showed it", async () => {
    startSleep(772);
    const sleep = await findSleep(772);
    process.kill(sleep.hostPid, "SIGKILL");
    await eventually(async () => (isAlive(sleep.hostPid) ? undefined : true), 10_000, "the sleep to be reaped");
    const result = await signalProcessAudited(who, NAME, { hostPid: sleep.hostPid, startTime: sleep.startTime, signal: "SIGTERM" });
    expect(result).toEqual({ ok: false, error: `No process with host PID ${sleep.hostPid} is running in this container.` });
  });

  it("refuses init: stopping it is the container's Stop action", async () => {
    const init = (await running()).processes.find((r) => r.pid === 1)!;
    const result = await signalProcessAudited(who, NAME, { hostPid: init.hostPid, startTime: init.startTime, signal: "SIGKILL" });
    expect(result).toEqual({ ok: false, error: "This is the container's init; stop the container instead." });
    expect(isAlive(init.hostPid)).toBe(true);
  });

  it("refuses any PID of a stopped container", async () => {
    const result = await signalProcessAudited(who, STOPPED, { hostPid: hostSleeper.pid!, startTime: 0, signal: "SIGTERM" });
    expect(result).toEqual({ ok: false, error: `${STOPPED} is not running; nothing was signalled.` });
    expect(isAlive(hostSleeper.pid!)).toBe(true);
  });
});
