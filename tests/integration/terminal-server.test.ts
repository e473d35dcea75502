import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  ClientOp,
  decodeServerFrame,
  encodeAck,
  encodeCloseSession,
  encodeInputFrames,
  encodeResize,
  FLOW_HIGH_WATERMARK,
  OUTPUT_FRAME_MAX_BYTES,
  terminalSocketPath,
  type SessionInfo,
} from "@/lib/terminal-protocol";
import {
  createTerminalServer,
  type AuthorizeTerminal,
  type TerminalAuditEvent,
  type TerminalServer,
} from "@/server/terminal/terminal-server";
import { testContainerConf } from "../helpers/test-container-conf";
import { attachProcessesFor } from "./terminal-processes";
import { readAutogroupNice } from "@/server/scheduling/autogroup";
import { PACED_BURST_BYTES, PACED_BYTES_PER_SECOND } from "@/server/scheduling/output-pacing";

// Real LXC, a real HTTP server on loopback, a real WebSocket client. The
// authorize function is the only stand-in: it maps a ticket to a user and a
// sign-in, the way server/auth's check does after its cookie, Origin and
// ticket checks (tests/integration/terminal-service.test.ts has the real one).

const LXCPATH = "/var/lib/lxc";
const suffix = randomBytes(4).toString("hex");
const RUNNING = `t-term-${suffix}`;
const STOPPED = `t-term-${suffix}-off`;
const DOOMED = `t-term-${suffix}-stop`;
const MISSING = `t-term-${suffix}-none`;
const CANARY = `canary-${randomBytes(8).toString("hex")}`;
const WAIT_MS = 20_000;

const users = { alice: { id: 1, name: "alice" }, bob: { id: 2, name: "bob" } } as const;
/** Sign-ins the test has ended, and each look the server took at one: [sign-in, typed]. */
const endedSignIns = new Set<string>();
const signInLooks: Array<[string, boolean]> = [];
/** A ticket names the user and, after an "@", which of their sign-ins it came with ("alice@2"). */
const authorize: AuthorizeTerminal = async (_req, _container, ticket) => {
  const user = users[ticket.split("@")[0] as keyof typeof users];
  const stillSignedIn = async (typed: boolean) => {
    signInLooks.push([ticket, typed]);
    return !endedSignIns.has(ticket);
  };
  return user ? { ok: true, user, stillSignedIn } : { ok: false, code: 4403, reason: "Bad ticket." };
};

const confPath = path.join(tmpdir(), `t-term-${suffix}.conf`);
const auditEvents: TerminalAuditEvent[] = [];
let terminal: TerminalServer;
let server: Server;
let baseUrl: string;

function lxc(tool: string, ...args: string[]): void {
  execFileSync(tool, ["-P", LXCPATH, ...args], { stdio: "ignore", timeout: 60_000 });
}

function createContainer(name: string, start: boolean): void {
  lxc("lxc-create", "-n", name, "-t", "busybox", "-f", confPath);
  if (start) {
    lxc("lxc-start", "-n", name, "-d");
    lxc("lxc-wait", "-n", name, "-s", "RUNNING", "-t", "30");
  }
}

function removeContainer(name: string): void {
  try {
    lxc("lxc-stop", "-k", "-n", name);
  } catch {
    // Already stopped, or never created.
  }
  try {
    lxc("lxc-destroy", "-n", name);
  } catch {
    // Never created.
  }
}

/**
 * Host pids of processes named `comm` whose command line mentions `marker`.
 * Busybox runs applets like `yes` in a fork of the shell without exec, so
 * their command line is the shell's (`sh -c "yes MARKER"`) and only the
 * process name says `yes`.
 */
function processesNamed(comm: string, marker: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/comm`, "utf8").trim() === comm && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Bytes the process has written so far (its write(2) calls, /proc/PID/io). */
function bytesWritten(pid: number): number {
  const match = readFileSync(`/proc/${pid}/io`, "utf8").match(/^wchar: (\d+)$/m);
  if (!match) throw new Error(`no wchar for ${pid}`);
  return Number(match[1]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the process's write count stops moving: it is blocked writing to a full pty. */
async function waitUntilBlocked(pid: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let before = bytesWritten(pid);
  for (;;) {
    await sleep(500);
    const now = bytesWritten(pid);
    if (now === before) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} still writing after ${WAIT_MS} ms`);
    before = now;
  }
}

interface Closed {
  code: number;
  reason: string;
  /** From the Closing frame sent before the close. */
  closing: { code: number; reason: string } | null;
}

/** A terminal tab, as the browser would drive it. */
class TestTab {
  output = "";
  outputFrames = 0;
  received = 0;
  acked = 0;
  maxUnacked = 0;
  info: SessionInfo | null = null;
  readonly ws: WebSocket;
  closing: Closed["closing"] = null;
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  private readonly decoder = new TextDecoder();
  private waiters: Array<() => void> = [];
  private ackTimer: NodeJS.Timeout | null = null;

  /** ackEveryMs: ack on a timer, like a busy browser; otherwise every frame is acked at once. */
  constructor(
    query: Parameters<typeof terminalSocketPath>[0],
    private readonly ackEveryMs = 0,
  ) {
    this.ws = new WebSocket(`${baseUrl}${terminalSocketPath(query)}`);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.on("close", (code, reason) => {
        if (this.ackTimer) clearInterval(this.ackTimer);
        resolve({ code, reason: reason.toString(), closing: this.closing });
        this.wake();
      });
    });
    this.ws.on("error", () => {});
    this.ws.on("message", (data) => this.onFrame(data as Buffer));
    if (ackEveryMs > 0) this.ackTimer = setInterval(() => this.ackAll(), ackEveryMs);
  }

  private onFrame(data: Buffer): void {
    const frame = decodeServerFrame(data);
    if (frame.type === "output") {
      this.outputFrames++;
      this.received += frame.data.length;
      this.maxUnacked = Math.max(this.maxUnacked, this.received - this.acked);
      this.output += this.decoder.decode(frame.data, { stream: true });
      if (this.ackEveryMs === 0) this.ackAll();
    } else if (frame.type === "session") {
      this.info = frame.info;
    } else if (frame.type === "closing") {
      this.closing = { code: frame.code, reason: frame.reason };
    }
    this.wake();
  }

  private ackAll(): void {
    const owed = this.received - this.acked;
    if (owed > 0 && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(encodeAck(owed));
      this.acked += owed;
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  send(frame: Uint8Array | Buffer): void {
    this.ws.send(frame);
  }

  type(text: string): void {
    for (const frame of encodeInputFrames(text)) this.ws.send(frame);
  }

  /** Waits until the output (from `from` on) matches; fails after WAIT_MS or when the socket closes. */
  async waitFor(pattern: RegExp, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const match = this.output.slice(from).match(pattern);
      if (match) return match;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed before ${pattern}; output: ${this.output.slice(-500)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${pattern} within ${WAIT_MS} ms; output: ${this.output.slice(-500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Runs a command and waits for a marker printed after it and the next prompt, so its output is complete. */
  async run(command: string): Promise<string> {
    const marker = `done-${randomBytes(3).toString("hex")}`;
    const from = this.output.length;
    // The marker is split in the typed line so the echo of the line itself does not match.
    this.type(`${command}; echo "${marker.slice(0, 3)}""${marker.slice(3)}"\r`);
    await this.waitFor(new RegExp(`\\n${marker}\\r*\\n.*# `), from);
    return this.output.slice(from);
  }

  async prompt(): Promise<void> {
    await this.waitFor(/# /);
  }
}

async function openTab(query: Partial<Parameters<typeof terminalSocketPath>[0]> = {}, ackEveryMs = 0): Promise<TestTab> {
  const tab = new TestTab({ container: RUNNING, ticket: "alice", ...query }, ackEveryMs);
  await tab.opened;
  return tab;
}

/** A tab at its prompt, running `yes`, output flowing. */
async function tab0(tab: TestTab): Promise<void> {
  await tab.prompt();
  tab.type("yes\r");
  const from = tab.received;
  await waitUntil(() => tab.received > from + 64 * 1024, "yes's output");
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startHttpServer(handler: TerminalServer): Promise<{ server: Server; url: string }> {
  const http = createServer((_req, res) => res.end("not a terminal"));
  http.on("upgrade", (req, socket, head) => {
    if (!handler.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return new Promise((resolve) => {
    http.listen(0, "127.0.0.1", () => {
      const { port } = http.address() as AddressInfo;
      resolve({ server: http, url: `ws://127.0.0.1:${port}` });
    });
  });
}

beforeAll(async () => {
  process.env.SECRET_CANARY = CANARY;
  writeFileSync(confPath, testContainerConf());
  createContainer(RUNNING, true);
  createContainer(DOOMED, true);
  createContainer(STOPPED, false);
  terminal = createTerminalServer({
    authorize,
    lxcpath: LXCPATH,
    // Sign-ins are looked at only when a test asks (recheckSignIns), so a test sees every look.
    signInCheckMs: 3_600_000,
    audit: (event) => void auditEvents.push(event),
  });
  ({ server, url: baseUrl } = await startHttpServer(terminal));
});

afterAll(async () => {
  await terminal?.shutdown();
  await new Promise((resolve) => server?.close(resolve));
  for (const name of [RUNNING, DOOMED, STOPPED]) removeContainer(name);
  rmSync(confPath, { force: true });
  delete process.env.SECRET_CANARY;
});

describe("terminal server on real LXC", () => {
  it("runs a command in a running container and returns its output", async () => {
    const tab = await openTab({ name: "first" });
    await tab.prompt();
    expect(tab.info).toMatchObject({ container: RUNNING, name: "first", replayBytes: 0 });
    tab.type("echo hello-$((6*7))\r");
    await tab.waitFor(/hello-42/);
    expect(terminal.listSessions(RUNNING)).toContainEqual(
      expect.objectContaining({ id: tab.info!.sessionId, name: "first", user: users.alice, attached: true }),
    );
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        action: "terminal open",
        outcome: "ok",
        actor: "alice",
        container: RUNNING,
        command: expect.stringMatching(/^lxc-attach -P \/var\/lib\/lxc -n t-term-\S+ --clear-env --set-var TERM=xterm-256color/),
      }),
    );
    tab.ws.close();
  });

  it("gives the shell none of the server's environment", async () => {
    const tab = await openTab();
    await tab.prompt();
    const env = await tab.run("env");
    expect(env).toContain("TERM=xterm-256color");
    expect(env).toContain("HOME=/root");
    expect(env).not.toContain(CANARY);
    expect(env).not.toContain("SECRET_CANARY");
    expect(env).not.toContain("DATABASE_URL");
    tab.ws.close();
  });

  it("reattaches a dropped socket to the same shell, with its scrollback, for the same user only", async () => {
    const first = await openTab({ name: "keep" });
    await first.prompt();
    await first.run("MARK=kept-$((40+2)); echo before-$((3*3))");
    const sessionId = first.info!.sessionId;
    first.ws.terminate();
    await first.closed;
    await waitUntil(() => terminal.listSessions(RUNNING).some((s) => s.id === sessionId && !s.attached), "detach");

    const intruder = await openTab({ session: sessionId, ticket: "bob" });
    expect((await intruder.closed).code).toBe(4410);

    const again = await openTab({ session: sessionId });
    await again.waitFor(/before-9/);
    expect(again.info).toMatchObject({ sessionId, name: "keep" });
    expect(again.info!.replayBytes).toBeGreaterThan(0);
    const out = await again.run('echo "mark is $MARK"');
    expect(out).toContain("mark is kept-42");

    // A second tab on the same session takes it over; the first is told so and not left dangling.
    const third = await openTab({ session: sessionId });
    await third.waitFor(/mark is kept-42/);
    const taken = await again.closed;
    expect(taken.code).toBe(4411);
    expect(taken.closing?.code).toBe(4411);
    third.ws.close();
  });

  it("ends a shell once the sign-in of the tab last attached to it ends, closing that tab with 4401; typing is reported", async () => {
    const before = attachProcessesFor(RUNNING);
    const first = await openTab({ ticket: "alice@1" });
    await first.prompt();
    const { sessionId, name } = first.info!;
    const mine = attachProcessesFor(RUNNING).filter((pid) => !before.includes(pid));
    expect(mine.length).toBeGreaterThan(0);
    const lastLook = () => signInLooks.findLast(([signIn]) => signIn === "alice@1")?.[1];

    await terminal.recheckSignIns();
    await first.run("echo typed-$((1+1))");
    await terminal.recheckSignIns();
    expect(lastLook()).toBe(true);
    await terminal.recheckSignIns();
    expect(lastLook()).toBe(false);

    // A tab of another sign-in of hers takes the shell over: the first sign-in ending no longer ends it.
    const second = await openTab({ ticket: "alice@2", session: sessionId });
    await second.waitFor(/typed-2/);
    expect((await first.closed).code).toBe(4411);
    endedSignIns.add("alice@1");
    await terminal.recheckSignIns();
    expect(await second.run("echo still-$((2*2))")).toContain("still-4");

    endedSignIns.add("alice@2");
    await terminal.recheckSignIns();
    const reason = "Your sign-in ended; sign in again to reconnect.";
    expect(await second.closed).toEqual({ code: 4401, reason, closing: { code: 4401, reason } });
    await waitUntil(() => auditEvents.some((e) => e.action === "terminal close" && e.detail.includes(sessionId)), "the close row");
    expect(auditEvents.find((e) => e.action === "terminal close" && e.detail.includes(sessionId))).toMatchObject({
      actor: "alice",
      outcome: "ok",
      detail: `4401 ${reason} Session ${sessionId} "${name}".`,
    });
    expect(terminal.listSessions(RUNNING).map((s) => s.id)).not.toContain(sessionId);
    expect(attachProcessesFor(RUNNING).filter((pid) => mine.includes(pid))).toEqual([]);
  });

  it("ends a session when its tab asks, when a user ends it, and when the shell exits", async () => {
    const asked = await openTab();
    await asked.prompt();
    asked.send(encodeCloseSession());
    expect(await asked.closed).toMatchObject({ code: 4409, closing: { code: 4409, reason: "alice closed this session." } });

    const ended = await openTab();
    await ended.prompt();
    expect(terminal.endSession(ended.info!.sessionId, "carol")).toBe(true);
    expect(await ended.closed).toMatchObject({ code: 4409, reason: "carol ended this session." });
    expect(terminal.endSession(ended.info!.sessionId)).toBe(false);

    const exits = await openTab();
    await exits.prompt();
    exits.type("exit\r");
    expect(await exits.closed).toMatchObject({ code: 1000, reason: "The shell exited." });

    await waitUntil(
      () => [asked, ended, exits].every((tab) => auditEvents.some((e) => e.action === "terminal close" && e.detail.includes(tab.info!.sessionId))),
      "close audit rows",
    );
    expect(terminal.listSessions(RUNNING).map((s) => s.id)).not.toContain(exits.info!.sessionId);
  });

  it("refuses bad names, missing and stopped containers and refused users with a 4xxx code, spawning nothing", async () => {
    const cases: Array<[Parameters<typeof terminalSocketPath>[0] | string, number]> = [
      [{ container: MISSING, ticket: "alice" }, 4404],
      [{ container: STOPPED, ticket: "alice" }, 4404],
      [{ container: RUNNING, ticket: "mallory" }, 4403],
      ["/api/terminal/ws?container=..%2Fetc&ticket=alice", 4400],
      ["/api/terminal/ws?container=-rf&ticket=alice", 4400],
      [`/api/terminal/ws?container=${RUNNING}&container=${STOPPED}&ticket=alice`, 4400],
      [`/api/terminal/ws?container=${RUNNING}&ticket=alice&session=not-an-id`, 4400],
      [`/api/terminal/ws?container=${RUNNING}&ticket=alice&session=00000000-0000-4000-8000-000000000000`, 4410],
    ];
    const sessionsBefore = terminal.listSessions().length;
    for (const [target, code] of cases) {
      const ws = new WebSocket(`${baseUrl}${typeof target === "string" ? target : terminalSocketPath(target)}`);
      let closing: number | null = null;
      ws.on("message", (data) => {
        const frame = decodeServerFrame(data as Buffer);
        if (frame.type === "closing") closing = frame.code;
      });
      const closed = await new Promise<number>((resolve) => ws.on("close", (c) => resolve(c)));
      expect({ target, closed, closing }).toEqual({ target, closed: code, closing: code });
    }
    expect(attachProcessesFor(MISSING)).toEqual([]);
    expect(attachProcessesFor(STOPPED)).toEqual([]);
    expect(terminal.listSessions().length).toBe(sessionsBefore);
    expect(auditEvents).toContainEqual(expect.objectContaining({ action: "terminal open", outcome: "refused", container: STOPPED }));
  });

  it("survives garbage, unknown opcodes, absurd sizes and a 5 MB frame", async () => {
    const tab = await openTab();
    await tab.prompt();
    tab.send(Buffer.from([0x7f, 1, 2, 3]));
    tab.send(Buffer.alloc(0));
    tab.send(Buffer.concat([Buffer.from([0xee]), randomBytes(300)]));
    tab.ws.send("a text frame");
    tab.send(Buffer.from([ClientOp.Resize, 0, 0, 0, 0]));
    tab.send(Buffer.from([ClientOp.Resize, 1]));
    tab.send(Buffer.from([ClientOp.Ack, 0xff, 0xff, 0xff, 0xff]));
    tab.send(Buffer.concat([Buffer.from([ClientOp.Input]), Buffer.alloc(100 * 1024, 0x61)]));
    // The 100 KiB input frame was dropped: had it reached the shell, this line would not run.
    expect(await tab.run("stty size")).toMatch(/\n24 80\r*\n/);

    tab.send(Buffer.from([ClientOp.Resize, 0xff, 0xff, 0xff, 0xff]));
    expect(await tab.run("stty size")).toMatch(/\n1000 1000\r*\n/);
    tab.send(encodeResize(100, 30)!);
    expect(await tab.run("stty size")).toMatch(/\n30 100\r*\n/);

    tab.send(Buffer.concat([Buffer.from([ClientOp.Input]), Buffer.alloc(5 * 1024 * 1024, 0x61)]));
    expect((await tab.closed).code).toBe(1009);

    // The session outlived its socket, and the server still opens new ones.
    const back = await openTab({ session: tab.info!.sessionId });
    expect(await back.run("echo back-$((2+3))")).toContain("back-5");
    const fresh = await openTab();
    await fresh.prompt();
    expect(await fresh.run("echo fresh-$((2+4))")).toContain("fresh-6");
    back.ws.close();
    fresh.ws.close();
  });

  it("keeps unacknowledged output bounded under `yes`, and Ctrl-C stops it", async () => {
    // Acks only every 100 ms, like a browser busy rendering.
    const tab = await openTab({}, 100);
    await tab.prompt();
    tab.type("yes\r");
    await waitUntil(() => tab.received > 4 * FLOW_HIGH_WATERMARK, "a few windows of output");
    tab.type("\x03");
    const from = tab.output.length;
    await tab.waitFor(/# /, from);
    expect(await tab.run("echo after-yes-$((5*5))")).toContain("after-yes-25");

    // Nothing more arrives once the prompt is back.
    const frames = tab.outputFrames;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(tab.outputFrames).toBe(frames);
    // The server never ran ahead of the acks by more than the window plus one batch and one read.
    expect(tab.maxUnacked).toBeLessThanOrEqual(FLOW_HIGH_WATERMARK + 2 * OUTPUT_FRAME_MAX_BYTES);
    tab.ws.close();
  });

  it("runs a streaming shell's lxc-attach at autogroup nice 10, and at 0 again from the first key after it went quiet", async () => {
    // Autogroup scheduling (CONFIG_SCHED_AUTOGROUP) is in Debian's and Ubuntu's kernels; without it there is nothing to set.
    expect(existsSync("/proc/self/autogroup"), "this kernel has no autogroup scheduling (/proc/self/autogroup)").toBe(true);
    for (const session of terminal.listSessions(RUNNING)) terminal.endSession(session.id);
    await waitUntil(() => attachProcessesFor(RUNNING).length === 0, "earlier shells to end");
    const tab = await openTab({ name: "streaming" });
    await tab.prompt();
    const [pid] = attachProcessesFor(RUNNING);
    expect(pid).toBeDefined();
    expect(readAutogroupNice(pid!)).toBe(0);
    // The session's own autogroup, not the server's: this process keeps its nice.
    const ours = readAutogroupNice(process.pid);
    tab.type("yes\r");
    await waitUntil(() => readAutogroupNice(pid!) === 10, "the streaming shell's relay at nice 10");
    expect(readAutogroupNice(process.pid)).toBe(ours);
    tab.type("\x03");
    const from = tab.output.length;
    await tab.waitFor(/# /, from);
    expect(readAutogroupNice(pid!)).toBe(10); // until it is known to be quiet
    await sleep(2100);
    expect(await tab.run("echo calm-$((3*3))")).toContain("calm-9");
    expect(readAutogroupNice(pid!)).toBe(0);
    tab.ws.close();
  });

  it("paces streaming shells nobody types in while more stream than there are cores; a key typed lifts it", async () => {
    for (const session of terminal.listSessions(RUNNING)) terminal.endSession(session.id);
    await waitUntil(() => attachProcessesFor(RUNNING).length === 0, "earlier shells to end");
    /** Bytes a tab receives over `ms`, as it runs. */
    const rate = async (tab: TestTab, ms: number) => {
      const from = tab.received;
      await sleep(ms);
      return ((tab.received - from) * 1000) / ms;
    };
    // Alone, a yes is not paced: the host is not contended by terminals.
    const alone = await openTab({ name: "alone" });
    await tab0(alone);
    await sleep(3500); // past the grace of the typed "yes"
    const unpaced = await rate(alone, 3000);
    expect(unpaced).toBeGreaterThan(4 * PACED_BYTES_PER_SECOND);

    // More streaming than cores: after the grace since the last key, each one keeps the pace.
    const others = await Promise.all(Array.from({ length: availableParallelism() }, (_, i) => openTab({ name: `flood-${i}` })));
    await Promise.all(others.map(tab0));
    await sleep(3500);
    const paced = await rate(alone, 3000);
    expect(paced).toBeLessThanOrEqual(PACED_BYTES_PER_SECOND + PACED_BURST_BYTES);
    expect(paced).toBeGreaterThan(0);

    // A key typed: not paced again for the grace.
    alone.type("x");
    expect(await rate(alone, 1500)).toBeGreaterThan(2 * PACED_BYTES_PER_SECOND);
    for (const tab of [alone, ...others]) {
      tab.type("\x03");
      tab.ws.close();
    }
  });

  it("stops reading a detached shell once the window fills, and resumes it after the replay on reattach", async () => {
    const tab = await openTab({ name: "detached-yes" });
    await tab.prompt();
    const mark = `yes-${randomBytes(4).toString("hex")}`;
    tab.type(`sh -c "yes ${mark}"\r`);
    await tab.waitFor(new RegExp(`${mark}\r*\n${mark}\r*\n`));
    const sessionId = tab.info!.sessionId;
    tab.ws.terminate();
    await tab.closed;
    await waitUntil(() => terminal.listSessions(RUNNING).some((s) => s.id === sessionId && !s.attached), "detach");

    const [pid] = processesNamed("yes", mark);
    expect(pid).toBeDefined();
    // Nobody acks a detached session: past the high watermark the pty is not
    // read, the kernel's pty buffer fills, and `yes` blocks in write(2).
    await waitUntilBlocked(pid!);
    const blockedAt = bytesWritten(pid!);
    await sleep(1000);
    expect(bytesWritten(pid!)).toBe(blockedAt);

    const again = await openTab({ session: sessionId });
    await again.waitFor(new RegExp(`${mark}\r*\n${mark}`));
    expect(again.info!.replayBytes).toBeGreaterThan(0);
    // Resumed: the shell writes again, and the new tab gets more than the replay.
    await waitUntil(() => again.received > again.info!.replayBytes + FLOW_HIGH_WATERMARK, "live output after the replay");
    expect(bytesWritten(pid!)).toBeGreaterThan(blockedAt);
    again.type("\x03");
    const from = again.output.length;
    await again.waitFor(/# /, from);
    expect(await again.run("echo after-detached-$((6+1))")).toContain("after-detached-7");
    again.ws.close();
  });

  it("tells the tab when lxc-attach is killed on the host, and frees the pty", async () => {
    for (const session of terminal.listSessions(RUNNING)) terminal.endSession(session.id);
    await waitUntil(() => attachProcessesFor(RUNNING).length === 0, "earlier shells to end");
    const tab = await openTab();
    await tab.prompt();
    const [pid] = attachProcessesFor(RUNNING);
    expect(pid).toBeDefined();
    process.kill(pid!, "SIGKILL");
    expect(await tab.closed).toMatchObject({ code: 4002, closing: { code: 4002, reason: expect.stringContaining("SIGKILL") } });
    expect(terminal.listSessions(RUNNING)).toEqual([]);
    expect(attachProcessesFor(RUNNING)).toEqual([]);
  });

  it("ends the session with 4001 when the container stops", async () => {
    const tab = await openTab({ container: DOOMED });
    await tab.prompt();
    lxc("lxc-stop", "-k", "-n", DOOMED);
    expect(await tab.closed).toMatchObject({ code: 4001, reason: "The container stopped.", closing: { code: 4001 } });
    await waitUntil(() => terminal.listSessions(DOOMED).length === 0, "the session to go");
    expect(auditEvents).toContainEqual(
      expect.objectContaining({ action: "terminal close", container: DOOMED, detail: expect.stringContaining("4001") }),
    );
    expect(attachProcessesFor(DOOMED)).toEqual([]);
  });

  it("ends a session left without a tab for the idle time", async () => {
    const idleAudit: TerminalAuditEvent[] = [];
    const idleTerminal = createTerminalServer({
      authorize,
      lxcpath: LXCPATH,
      idleMinutes: 1 / 60, // one second
      audit: (event) => void idleAudit.push(event),
    });
    const idle = await startHttpServer(idleTerminal);
    const savedUrl = baseUrl;
    baseUrl = idle.url;
    try {
      const tab = await openTab();
      await tab.prompt();
      const { sessionId } = tab.info!;
      tab.ws.close();
      await waitUntil(() => idleTerminal.listSessions().length === 0, "the idle session to end");
      await waitUntil(() => idleAudit.some((e) => e.action === "terminal close"), "its audit row");
      expect(idleAudit.find((e) => e.action === "terminal close")?.detail).toMatch(new RegExp(`^4408 .*${sessionId}`));
      const late = await openTab({ session: sessionId });
      expect((await late.closed).code).toBe(4410);
    } finally {
      baseUrl = savedUrl;
      await idleTerminal.shutdown();
      await new Promise((resolve) => idle.server.close(resolve));
    }
  });
});
