/**
 * What the load benchmarks share: the production server (dist/server.mjs, one
 * plain node process) on a free loopback port with a data directory and a
 * private lxcpath of its own, its first admin signed in through the real
 * setup action, busybox containers made in that lxcpath, the server's memory
 * (the process and its whole tree, from /proc), and a terminal client that
 * speaks the dashboard's protocol over the real, ticketed WebSocket.
 */
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { WebSocket } from "ws";
import { ACK_EVERY_BYTES, decodeServerFrame, encodeAck, encodeCloseSession, encodeInputFrames, terminalSocketPath } from "@/lib/terminal-protocol";
import { buildActions, callAction } from "../e2e/server-actions";
import { freePort, startServerProcess, type ServerProcess } from "../e2e/server-process";
import { waitForOutput } from "./terminal-bench-kit";

const execFileAsync = promisify(execFile);

export const REPO = path.resolve(import.meta.dirname, "..");

export interface BenchServer {
  baseURL: string;
  pid: number;
  dataDir: string;
  lxcpath: string;
  cookie: string;
  actions: Map<string, string>;
  stop(): Promise<void>;
}

/**
 * Cleanups that must run even when the bench is interrupted (Ctrl-C, kill):
 * its containers stopped and removed, its server stopped. `finally` blocks do
 * not run on a signal; these do, then the bench exits 130.
 */
const onInterrupt = new Set<() => unknown>();
function untilDone(cleanup: () => unknown): () => void {
  if (onInterrupt.size === 0) {
    const interrupted = () => {
      console.error("interrupted: removing the bench's containers and stopping its server");
      void (async () => {
        for (const c of [...onInterrupt].reverse()) await Promise.resolve(c()).catch(() => undefined);
        process.exit(130);
      })();
    };
    process.once("SIGINT", interrupted);
    process.once("SIGTERM", interrupted);
    process.once("SIGHUP", interrupted);
  }
  onInterrupt.add(cleanup);
  return () => void onInterrupt.delete(cleanup);
}

const lxcpathCleanups = new Map<string, () => void>();

/** A private lxcpath (0755, so container roots can pass), removed with everything in it by `removeLxcpath`, or when interrupted. */
export function privateLxcpath(area: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lxcd-bench-${area}-`));
  chmodSync(dir, 0o755);
  lxcpathCleanups.set(dir, untilDone(() => removeLxcpath(dir)));
  return dir;
}

export function removeLxcpath(lxcpath: string): void {
  lxcpathCleanups.get(lxcpath)?.();
  lxcpathCleanups.delete(lxcpath);
  for (const name of readdirSync(lxcpath)) {
    spawnSync("lxc-stop", ["-P", lxcpath, "-n", name, "-k"], { stdio: "ignore", timeout: 60_000 });
    spawnSync("lxc-destroy", ["-P", lxcpath, "-n", name, "-f"], { stdio: "ignore", timeout: 120_000 });
  }
  rmSync(lxcpath, { recursive: true, force: true });
}

/**
 * `count` privileged busybox containers named `b-<area>-<hex>-<i>`, the first
 * `running` of them started. Without a network device (only loopback): none
 * of the load benches needs one, and lxcbr0's DHCP pool (253 leases, an hour
 * each) is shared with everyone's tests.
 */
export async function makeContainers(lxcpath: string, area: string, count: number, running = 0): Promise<string[]> {
  const stem = `b-${area}-${randomBytes(2).toString("hex")}`;
  const names = Array.from({ length: count }, (_, i) => `${stem}-${i}`);
  const confDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-conf-"));
  const conf = path.join(confDir, "no-network.conf");
  writeFileSync(conf, "lxc.net.0.type = empty\n");
  try {
    for (const [i, name] of names.entries()) {
      // Asynchronous, so an interrupt is handled between two containers.
      await execFileAsync("lxc-create", ["-P", lxcpath, "-n", name, "-t", "busybox", "-f", conf], { timeout: 120_000 });
      if (i < running) await execFileAsync("lxc-start", ["-P", lxcpath, "-n", name, "-d"], { timeout: 60_000 });
    }
  } finally {
    rmSync(confDir, { recursive: true, force: true });
  }
  return names;
}

export async function startBenchServer(lxcpath: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-data-"));
  const port = await freePort();
  let server: ServerProcess | undefined;
  try {
    // As users start it (`npm start`): the script execs node, so the pid is the server's.
    server = await startServerProcess("the bench server", port, "scripts/start.sh", [], {
      cwd: REPO,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LXC_LXCPATH: lxcpath, NODE_ENV: "production" },
    });
    const pid = server.pid;
    const actions = buildActions();
    const token = readFileSync(path.join(dataDir, "setup-token"), "utf8").trim();
    const setup = await callAction(server.baseURL, {
      page: "/setup",
      id: actions.get("app/setup/actions.ts#createFirstAdmin")!,
      args: [{ token, name: "bench", password: "bench-passphrase-long", confirm: "bench-passphrase-long" }],
    });
    const cookie = [setup.headers["set-cookie"] ?? []].flat().map((c) => /^(lxcd_session=[^;]+)/.exec(c)?.[1]).find(Boolean);
    if (!cookie) throw new Error(`setup did not sign in: ${setup.status} ${setup.body.slice(0, 300)}`);
    const running = server;
    const forget = untilDone(async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return {
      baseURL: server.baseURL,
      pid,
      dataDir,
      lxcpath,
      cookie,
      actions,
      stop: async () => {
        forget();
        await running.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** A further signed-in session of the bench admin (another browser, for racing actions). */
export async function signInAgain(server: BenchServer): Promise<string> {
  const r = await callAction(server.baseURL, { page: "/login", id: server.actions.get("app/login/actions.ts#signInAction")!, args: ["bench", "bench-passphrase-long"] });
  const cookie = [r.headers["set-cookie"] ?? []].flat().map((c) => /^(lxcd_session=[^;]+)/.exec(c)?.[1]).find(Boolean);
  if (!cookie) throw new Error(`sign-in failed: ${r.status}`);
  return cookie;
}

function rssKb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * A process's proportional set size: its resident pages, each shared page
 * divided among the processes that map it (/proc/PID/smaps_rollup). Summed
 * over a tree it is what the tree really holds; summed RSS counts a shared
 * library once per process (every lxc-attach maps liblxc).
 */
function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** A process's children, from /proc (no process spawned: this is read between keystrokes under load). */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/**
 * Resident memory in MB: the server process alone, and its whole tree (what
 * `npm start` once left: every process), as summed RSS and as summed PSS
 * (shared pages counted once in all).
 */
export function memoryMb(pid: number): { server: number; tree: number; treePss: number; processes: number; commands: string[] } {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...childrenOf(tree[i]!));
  const total = tree.reduce((sum, p) => sum + rssKb(p), 0);
  const totalPss = tree.reduce((sum, p) => sum + pssKb(p), 0);
  const commands = tree.map((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8").trim();
    } catch {
      return "?";
    }
  });
  return { server: rssKb(pid) / 1024, tree: total / 1024, treePss: totalPss / 1024, processes: tree.length, commands };
}

/**
 * Where a process's resident memory is, from /proc/PID/smaps: `brk` is
 * glibc malloc's main heap (native buffers: pty reads, sockets, SQLite),
 * `anonymous` the other anonymous mappings (V8's heap and code, mmap'd
 * allocations, other malloc arenas), `files` mapped files (node itself, its
 * libraries). In MB.
 */
export function memoryDetail(pid: number): { brk: number; anonymous: number; files: number } {
  const kb = { brk: 0, anonymous: 0, files: 0 };
  let kind: keyof typeof kb = "anonymous";
  let text = "";
  try {
    text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return kb;
  }
  for (const line of text.split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1]!;
      kind = name === "[heap]" ? "brk" : name.startsWith("/") ? "files" : "anonymous";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kb[kind] += Number(rss[1]);
  }
  return { brk: kb.brk / 1024, anonymous: kb.anonymous / 1024, files: kb.files / 1024 };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** A terminal tab: a ticket from the real action, the real WebSocket upgrade, acks as xterm sends them. */
export class BenchTerminal {
  private text = "";
  private received = 0;
  private acked = 0;
  private listeners: Array<() => void> = [];
  /** Only counted and acknowledged, not kept: a flooding terminal nobody reads. */
  private discarding = false;
  bytes = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      const frame = decodeServerFrame(data);
      if (frame.type !== "output") return;
      const chunk = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
      this.bytes += chunk.length;
      this.received += chunk.length;
      if (this.received - this.acked >= ACK_EVERY_BYTES) {
        ws.send(encodeAck(this.received - this.acked));
        this.acked = this.received;
      }
      if (this.discarding) return;
      this.text = (this.text + chunk.toString("latin1")).slice(-4096);
      for (const l of this.listeners) l();
    });
  }

  static async open(server: BenchServer, container: string): Promise<BenchTerminal> {
    const answer = await callAction(server.baseURL, {
      page: `/containers/${container}/terminal`,
      id: server.actions.get("app/containers/[name]/terminal/actions.ts#openTerminalTicket")!,
      args: [container],
      cookie: server.cookie,
    });
    const ticket = answer.result?.ticket;
    if (typeof ticket !== "string") throw new Error(`no terminal ticket: ${answer.status} ${JSON.stringify(answer.result)}`);
    const url = `${server.baseURL.replace("http", "ws")}${terminalSocketPath({ container, ticket })}`;
    const ws = new WebSocket(url, { headers: { cookie: server.cookie, origin: server.baseURL } });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const terminal = new BenchTerminal(ws);
    await terminal.waitFor(/# (\x1b\[6n)?$/);
    return terminal;
  }

  /** From now on output is counted and acknowledged (as xterm.js does) but not kept: waitFor no longer sees it. */
  discardOutput(): void {
    this.discarding = true;
    this.text = "";
  }

  send(text: string): void {
    for (const frame of encodeInputFrames(text)) this.ws.send(frame);
  }

  /** Resolves when the recent output matches (the match is consumed). */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    return waitForOutput(pattern, timeoutMs, {
      text: () => this.text,
      consume: () => (this.text = ""),
      onOutput: (listener) => {
        this.listeners.push(listener);
        return () => (this.listeners = this.listeners.filter((l) => l !== listener));
      },
    });
  }

  /** Closes the terminal as its close button does: the session ends (its shell and scrollback go), then the socket closes. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.send(encodeCloseSession());
    });
  }

  /** Closes only the socket (a tab closed): the session stays for a reattach until it has been idle 30 min. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}
