/**
 * Keystroke round trip into an Incus container: the dashboard's terminal
 * (WebSocket, the browser's protocol, the terminal server, Incus's exec
 * WebSocket) against `incus exec NAME -- su -l` in a plain pty (the CLI on
 * the same exec WebSocket, nothing else). Rounds alternate between the two.
 *
 *   npx tsx bench/incus-terminal-latency.ts [keystrokes per side, default 1200]   (as root)
 *
 * Prints p50 and p99 of each and the p50 ratio dashboard/incus exec (goal ≤ 1.2).
 * Makes one Incus container and a throwaway database, and removes both.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn as spawnPty, type IPty } from "node-pty";
import { BenchShell, keystrokes, PROMPT, runBench, summary } from "./terminal-bench-kit";

const KEYSTROKES = Number(process.argv[2] ?? 1200);
const ROUNDS = 6;
const WARM_UP = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The baseline: `incus exec` in a pty; bytes in, the first bytes out. */
class PtyShell {
  private listeners: ((chunk: Buffer) => void)[] = [];
  private text = "";
  constructor(private readonly pty: IPty) {
    pty.onData((d) => {
      const chunk = d as unknown as Buffer;
      this.text = (this.text + chunk.toString("latin1")).slice(-4096);
      for (const l of this.listeners) l(chunk);
    });
  }
  send(bytes: string): void {
    this.pty.write(Buffer.from(bytes, "latin1"));
  }
  onOutput(listener: (chunk: Buffer) => void): () => void {
    this.listeners.push(listener);
    return () => void (this.listeners = this.listeners.filter((l) => l !== listener));
  }
  async waitFor(pattern: RegExp): Promise<void> {
    for (let i = 0; i < 600 && !pattern.test(this.text); i++) await sleep(50);
    if (!pattern.test(this.text)) throw new Error(`no ${pattern}: ${JSON.stringify(this.text.slice(-200))}`);
  }
}


runBench(async () => {
  const name = `bt-${randomBytes(3).toString("hex")}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-term-"));
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = `file:${path.join(dataDir, "dashboard.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: process.env });
  let pty: IPty | null = null;
  let stop = async () => {};
  try {
    execFileSync("incus", ["launch", "busybox", name], { stdio: "ignore" });
    const { saveTarget } = await import("../server/hosts/target-store");
    await saveTarget({ name: "incus", addedBy: "bench", socket: { path: "/var/lib/incus/unix.socket" } });
    const { createTerminalServer } = await import("../server/terminal/terminal-server");
    const { incusShellBackend } = await import("../server/hosts/incus-shell");
    const { stopHosts } = await import("../server/hosts/registry");
    const terminal = createTerminalServer({
      lxcpath: "/var/lib/lxc",
      otherBackend: () => incusShellBackend,
      authorize: async () => ({ ok: true, user: { id: 1, name: "bench" }, stillSignedIn: async () => true }),
    });
    const http = createServer((_req, res) => res.end());
    http.on("upgrade", (req, socket, head) => {
      if (!terminal.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    stop = async () => {
      await terminal.shutdown();
      await new Promise((r) => http.close(r));
      stopHosts();
    };
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const viaDashboard = await BenchShell.open(url, true, `incus/${name}`);
    pty = spawnPty("incus", ["exec", name, "--env", "TERM=xterm-256color", "--", "su", "-l"], { name: "xterm-256color", cols: 80, rows: 24, cwd: "/", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", HOME: "/root" }, encoding: null });
    const viaExec = new PtyShell(pty);
    await viaExec.waitFor(PROMPT);

    await keystrokes(viaDashboard, WARM_UP);
    await keystrokes(viaExec, WARM_UP);
    const ours: number[] = [];
    const theirs: number[] = [];
    const perRound = Math.ceil(KEYSTROKES / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      theirs.push(...(await keystrokes(viaExec, perRound)));
      ours.push(...(await keystrokes(viaDashboard, perRound)));
    }
    console.log(`Keystroke round trip into ${name} (Incus, busybox sh), 127.0.0.1:`);
    const plain = summary("incus exec in a pty", theirs, 26);
    const dash = summary("dashboard", ours, 26);
    console.log(`ratio dashboard/incus exec: p50 ${(dash.p50 / plain.p50).toFixed(2)}× (goal ≤ 1.2×), p99 ${(dash.p99 / plain.p99).toFixed(2)}×`);
    viaDashboard.close();
  } finally {
    pty?.kill("SIGKILL");
    await stop();
    try {
      execFileSync("incus", ["delete", "--force", name], { stdio: "ignore" });
    } catch {
      /* never made */
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
