import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContainerProcesses } from "@/server/processes/procfs/container-processes";
import type { SignalTarget } from "@/server/processes/procfs/signal-process";
import type { ProcessRow } from "@/server/processes/procfs/types";
import { compileHelperForOthers } from "../helpers/staged-app";
import { eventually } from "./lxc-helpers";
import { prepareNonRootUser, type NonRootUser } from "./non-root-user";
import { APP_SLEEP as SLEEP, isAlive, startSleepAsApp } from "./proc-helpers";

// Issue 5's signal action in issue 6's non-root mode. A regular test user
// prepared by scripts/setup-user.sh runs an unprivileged busybox container in
// its ~/.local/share/lxc, with `sleep 1000` running as uid 1000 inside, so on
// the host as the user's subuid + 1000: neither the user nor the container's
// root. signalContainerProcess runs as that user (compiled, with plain node
// through runuser, as the dashboard would; from a copy in a temp folder, since
// the checkout may be closed to other users): the user created the container's user namespace, so the
// kernel gives it CAP_KILL over every process in it, and kill(2) is allowed.
// Every guard still refuses first, with nothing signalled, including a forged
// PID of the user's own host process, which kill(2) alone would allow.

const NAME = `t-signr-${randomBytes(3).toString("hex")}`;
let testUser: NonRootUser | undefined;
let initPid = 0;
let ownSleeper: ChildProcess | undefined;
let helper: Awaited<ReturnType<typeof compileHelperForOthers>> | undefined;

const user = () => testUser!;
const attach = (...command: string[]) => user().lxcAsUser("lxc-attach", ["-n", NAME, "--clear-env", "--", ...command]);

type AsUserAnswer = { uid: number; sent?: { hostPid: number; pid: number; signal: string; command: string }; refused?: string };

/** signalContainerProcess, called by a process of the test user in a clean environment. */
function signalAsUser(target: SignalTarget, signal: "SIGTERM" | "SIGKILL"): AsUserAnswer {
  const { user: name, home } = user();
  const out = execFileSync(
    "runuser",
    ["-u", name, "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOME=${home}`,
      process.execPath, helper!.file, JSON.stringify([initPid, target, signal])],
    { cwd: "/", encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] },
  );
  return JSON.parse(out) as AsUserAnswer;
}

const findSleep = (): Promise<ProcessRow> =>
  eventually(async () => (await readContainerProcesses(initPid, { primeMs: 50 })).find((r) => r.command === SLEEP), 10_000, `${SLEEP} in ${NAME}`);

beforeAll(async () => {
  helper = await compileHelperForOthers("tests/integration/signal-as-user.ts");
  testUser = await prepareNonRootUser("lxcsig");
  const { lxcAsUser, home } = testUser;
  lxcAsUser("lxc-create", ["-n", NAME, "-t", "busybox", "-f", path.join(home, ".config/lxc/default.conf")]);
  lxcAsUser("lxc-start", ["-n", NAME, "-d"]);
  lxcAsUser("lxc-wait", ["-n", NAME, "-s", "RUNNING", "-t", "30"]);
  initPid = Number(lxcAsUser("lxc-info", ["-n", NAME, "-pH"]).trim());
  startSleepAsApp(attach);
  // A host process of the test user itself: kill(2) from the user would reach it.
  ownSleeper = spawn("sleep", ["1000"], { uid: testUser.uid, gid: testUser.gid, stdio: "ignore" });
});

afterAll(async () => {
  if (ownSleeper?.pid !== undefined && ownSleeper.exitCode === null && ownSleeper.signalCode === null) {
    const exited = new Promise((resolve) => ownSleeper!.once("exit", resolve));
    ownSleeper.kill("SIGKILL");
    await exited;
  }
  // Stops and destroys the container as the user, then removes the user and all setup-user.sh made.
  await testUser?.cleanUp();
  helper?.remove();
});

describe("signalling a container's process as the non-root dashboard user", () => {
  it("runs a process as uid 1000 inside, at the user's subuid + 1000 on the host", async () => {
    const sleep = await findSleep();
    expect(sleep).toMatchObject({ user: "app", uid: 1000, hostUid: user().subuid + 1000 });
    expect(user().uid).not.toBe(0);
  });

  it("refuses a forged host PID (the user's own host process) and signals nothing", async () => {
    const ownPid = ownSleeper!.pid!;
    expect(signalAsUser({ hostPid: ownPid }, "SIGKILL")).toEqual({ uid: user().uid, refused: "not-in-container" });
    expect(isAlive(ownPid)).toBe(true);
  });

  it("refuses a stale start time and the container's init, signalling nothing", async () => {
    const sleep = await findSleep();
    expect(signalAsUser({ hostPid: sleep.hostPid, startTime: sleep.startTime - 10 }, "SIGKILL").refused).toBe("process-replaced");
    expect(signalAsUser({ hostPid: initPid }, "SIGKILL").refused).toBe("container-init");
    expect(isAlive(sleep.hostPid)).toBe(true);
    expect(isAlive(initPid)).toBe(true);
  });

  it("ends the sleep with SIGTERM by host PID and start time, and it disappears", async () => {
    const sleep = await findSleep();
    const answer = signalAsUser({ hostPid: sleep.hostPid, startTime: sleep.startTime }, "SIGTERM");
    expect(answer).toEqual({ uid: user().uid, sent: { hostPid: sleep.hostPid, pid: sleep.pid, signal: "SIGTERM", command: SLEEP } });
    for (let attempt = 0; attempt < 100 && isAlive(sleep.hostPid); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(sleep.hostPid)).toBe(false);
  });
});
