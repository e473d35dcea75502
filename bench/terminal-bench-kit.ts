/**
 * What the terminal benchmarks share: a busybox container of their own, the
 * dashboard's terminal server started in-process (as the integration test
 * does, with an authorize that lets the bench user in), a plain node-pty ↔ ws
 * relay running the same lxc-attach command with nothing in between, and a
 * WebSocket client for each that acks output the way the browser does.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { homedir } from "node:os";
import { spawn as spawnPty, type IPty } from "node-pty";
import { WebSocket, WebSocketServer } from "ws";
import {
  ACK_EVERY_BYTES,
  decodeServerFrame,
  encodeAck,
  encodeInputFrames,
  terminalSocketPath,
} from "@/lib/terminal-protocol";
import { lxcAttachCommand, TERMINAL_TERM } from "@/server/terminal/attach-command";
import { createTerminalServer, type TerminalServer } from "@/server/terminal/terminal-server";
import { writeTestContainerConf } from "../tests/helpers/test-container-conf";

export const LXCPATH = "/var/lib/lxc";
/** busybox ash's prompt, then (in a terminal) its cursor position query. */
export const PROMPT = /# (\x1b\[6n)?$/;

function run(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
}

/** An unprivileged busybox container, running; `remove` stops and destroys it. */
export function startBenchContainer(area: string): { name: string; remove: () => void } {
  const name = `b-${area}-${randomBytes(3).toString("hex")}`;
  const conf = writeTestContainerConf(`b-${area}-`);
  const remove = () => {
    spawnSync("lxc-stop", ["-P", LXCPATH, "-k", "-n", name], { stdio: "ignore", timeout: 60_000 });
    spawnSync("lxc-destroy", ["-P", LXCPATH, "-n", name], { stdio: "ignore", timeout: 60_000 });
    conf.remove();
  };
  try {
    run("lxc-create", "-P", LXCPATH, "-n", name, "-t", "busybox", "-f", conf.path);
    run("lxc-start", "-P", LXCPATH, "-n", name, "-d");
    run("lxc-wait", "-P", LXCPATH, "-n", name, "-s", "RUNNING", "-t", "30");
  } catch (error) {
    remove();
    throw error;
  }
  return { name, remove };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** The dashboard's terminal server on loopback, as server/index.ts mounts it (minus the auth check). */
export async function startDashboardTerminal(): Promise<{ url: string; terminal: TerminalServer; stop: () => Promise<void> }> {
  const terminal = createTerminalServer({
    lxcpath: LXCPATH,
    authorize: async () => ({ ok: true, user: { id: 1, name: "bench" }, stillSignedIn: async () => true }),
  });
  const http = createServer((_req, res) => res.end());
  http.on("upgrade", (req, socket, head) => {
    if (!terminal.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const url = await listen(http);
  return {
    url,
    terminal,
    stop: async () => {
      await terminal.shutdown();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/**
 * lxc-attach into the container (of `lxcpath`) in a pty, as the dashboard runs
 * it: its shell, or `command` in place of the shell. Output comes as Buffers.
 */
export function spawnAttachPty(container: string, command: string[] = [], lxcpath = LXCPATH): IPty {
  const attach = lxcAttachCommand(lxcpath, container, homedir());
  const args = command.length > 0 ? [...attach.args, "--", ...command] : attach.args;
  return spawnPty(attach.file, args, { name: TERMINAL_TERM, cols: 80, rows: 24, cwd: "/", env: attach.env, encoding: null });
}

/** The baseline: each connection gets a pty running the same lxc-attach; bytes go through untouched. */
export async function startPlainRelay(container: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const http = createServer((_req, res) => res.end());
  const wss = new WebSocketServer({ server: http });
  const ptys = new Set<IPty>();
  wss.on("connection", (ws) => {
    const pty = spawnAttachPty(container);
    ptys.add(pty);
    pty.onData((data) => ws.send(data));
    pty.onExit(() => {
      ptys.delete(pty);
      ws.close();
    });
    ws.on("message", (data) => pty.write(data as Buffer));
    ws.on("close", () => pty.kill("SIGHUP"));
  });
  const url = await listen(http);
  return {
    url,
    stop: async () => {
      for (const pty of ptys) pty.kill("SIGKILL");
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/**
 * A shell over a WebSocket, either kind: `send` types bytes, `onOutput` sees
 * the shell's bytes. On the dashboard's socket it speaks the protocol and
 * acks every ACK_EVERY_BYTES received, as TerminalConnection does once xterm
 * has rendered them.
 */
export class BenchShell {
  private listeners: Array<(chunk: Buffer) => void> = [];
  private received = 0;
  private acked = 0;
  private text = "";

  private constructor(
    private readonly ws: WebSocket,
    private readonly framed: boolean,
  ) {
    ws.on("message", (data: Buffer) => {
      let chunk = data;
      if (framed) {
        const frame = decodeServerFrame(data);
        if (frame.type !== "output") return;
        chunk = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
        this.received += chunk.length;
        if (this.received - this.acked >= ACK_EVERY_BYTES) {
          ws.send(encodeAck(this.received - this.acked));
          this.acked = this.received;
        }
      }
      // Only the tail is kept, for waitFor; a bench streams megabytes.
      this.text = (this.text + chunk.toString("latin1")).slice(-4096);
      for (const listener of this.listeners) listener(chunk);
    });
  }

  static async open(url: string, framed: boolean, container: string): Promise<BenchShell> {
    const ws = new WebSocket(framed ? `${url}${terminalSocketPath({ container, ticket: "bench" })}` : url);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const shell = new BenchShell(ws, framed);
    await shell.waitFor(PROMPT);
    return shell;
  }

  send(bytes: string): void {
    if (this.framed) for (const frame of encodeInputFrames(bytes)) this.ws.send(frame);
    else this.ws.send(Buffer.from(bytes, "latin1"));
  }

  onOutput(listener: (chunk: Buffer) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Resolves when the recent output matches; the match is consumed. */
  waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    return waitForOutput(pattern, timeoutMs, {
      text: () => this.text,
      consume: () => (this.text = ""),
      onOutput: (listener) => this.onOutput(listener),
    });
  }


  close(): void {
    this.ws.close();
  }
}

/** What a comparison runs on: its own container, and a shell in it through the dashboard and through the plain relay. */
export interface ShellPair {
  container: string;
  viaDashboard: BenchShell;
  viaRelay: BenchShell;
}

/**
 * Starts a container, the dashboard's terminal server and the plain relay,
 * opens a shell through each, runs `measure`, then closes and removes all of
 * it, also when something failed on the way.
 */
export async function withShellPair(area: string, measure: (pair: ShellPair) => Promise<void>): Promise<void> {
  const container = startBenchContainer(area);
  let dashboard: Awaited<ReturnType<typeof startDashboardTerminal>> | null = null;
  let relay: Awaited<ReturnType<typeof startPlainRelay>> | null = null;
  try {
    dashboard = await startDashboardTerminal();
    relay = await startPlainRelay(container.name);
    const viaDashboard = await BenchShell.open(dashboard.url, true, container.name);
    const viaRelay = await BenchShell.open(relay.url, false, container.name);
    await measure({ container: container.name, viaDashboard, viaRelay });
    viaDashboard.close();
    viaRelay.close();
  } finally {
    await dashboard?.stop();
    await relay?.stop();
    container.remove();
  }
}

/** Runs a bench's main and exits: 0 when it finished, 1 with the error when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/**
 * Resolves when `output.text()` matches `pattern` (then consumes it), checked
 * now and after each piece of output; rejects after `timeoutMs` with the tail seen.
 */
export function waitForOutput(
  pattern: RegExp,
  timeoutMs: number,
  output: { text(): string; consume(): void; onOutput(listener: () => void): () => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(output.text())) return false;
      output.consume();
      return true;
    };
    if (check()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms; last output: ${JSON.stringify(output.text().slice(-200))}`));
    }, timeoutMs);
    const off = output.onOutput(() => {
      if (!check()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** What a keystroke round trip needs of a shell: send bytes, hear its output. */
export interface EchoShell {
  send(data: string): void;
  onOutput(listener: () => void): () => void;
}

const SETTLE_MS = 20;

/** Milliseconds from sending one byte until the first output after it. */
async function roundTrip(shell: EchoShell, byte: string): Promise<number> {
  const echoed = new Promise<number>((resolve) => {
    const off = shell.onOutput(() => {
      off();
      resolve(performance.now());
    });
  });
  const sentAt = performance.now();
  shell.send(byte);
  const at = await echoed;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return at - sentAt;
}

/** `count` keystroke round trips, typing and erasing a character in turn. */
export async function keystrokes(shell: EchoShell, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await roundTrip(shell, i % 2 === 0 ? "a" : "\x7f"));
  return times;
}

/** Prints and returns p50 and p99 of `times`, the label padded to `width`. */
export function summary(label: string, times: number[], width = 22): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log(`${label.padEnd(width)} p50 ${p50.toFixed(3)} ms   p99 ${p99.toFixed(3)} ms   (${times.length} keystrokes)`);
  return { p50, p99 };
}
