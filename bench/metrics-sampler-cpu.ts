// Benchmark: what sampling costs the server at 50 running containers.
// Goal: the sampler adds at most 1% of one core (CPU time of the server's
// process group, its children included, over 60 s, read from /proc, with
// sampling every 5 s against with sampling off), and a ratio against the
// tool it replaces: `lxc-info -S` for the same 50 containers every 5 s.
//
//   npx tsx bench/metrics-sampler-cpu.ts      (after `npm run build`; root; ~8 min)
//
// The containers live in a private lxcpath (nobody else's are counted, and
// nobody else's are touched), each with a veth whose host end is on no
// bridge (counters to read, no lease taken from lxcbr0's shared pool); the
// server and all containers are removed at the end, on Ctrl-C or SIGTERM, and
// after 25 minutes at the latest.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makePrivateLxcpath } from "../tests/helpers/private-lxcpath";
import { groupCpu } from "./live-kit";

const RUNNING = 50;
const WINDOW_S = 60;
const TICKS = 100; // USER_HZ
const PORT = Number(process.env.BENCH_PORT ?? 3201);
const DEADLINE_MS = 25 * 60_000;

/** The server being measured, if one runs: stopped by the clean-up too. */
let running: ChildProcess | null = null;

async function measure(lxcpath: string, interval: number): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-metrics-"));
  const child: ChildProcess = spawn("npm", ["start"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, LXC_LXCPATH: lxcpath, METRICS_INTERVAL_SECONDS: String(interval), NODE_ENV: "production" },
  });
  running = child;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    for (let i = 0; i < 120; i++) {
      if (await fetch(`http://127.0.0.1:${PORT}/login`).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // Start-up work done and the sampler in its rhythm: its first minute written (the series rows made once).
    await new Promise((r) => setTimeout(r, 75_000));
    // The server's process group: npm, the node server and what it ran (its ended children's time is added to it).
    const cpu = () => {
      const { own, children } = groupCpu(child.pid!);
      return own + children;
    };
    const before = cpu();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    return cpu() - before;
  } finally {
    stopServer();
    await exited;
    running = null;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function stopServer(): void {
  if (!running?.pid || running.exitCode !== null) return;
  try {
    process.kill(-running.pid, "SIGTERM");
  } catch {
    /* gone */
  }
}

/** CPU seconds of running `lxc-info -S` (CPU, memory, block I/O, network) for every container once. */
function lxcInfoRound(lxcpath: string, names: string[]): number {
  const before = readFileSync("/proc/self/stat", "utf8");
  for (const n of names) execFileSync("lxc-info", ["-P", lxcpath, "-n", n, "-S", "-H"], { stdio: "ignore" });
  const after = readFileSync("/proc/self/stat", "utf8");
  const kids = (s: string) => {
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ").map(Number);
    return (f[13]! + f[14]!) / TICKS;
  };
  return kids(after) - kids(before);
}

async function main(): Promise<void> {
  const box = makePrivateLxcpath("bench-metrics", { network: "unbridged" });
  let cleaned = false;
  const cleanUp = () => {
    if (cleaned) return;
    cleaned = true;
    stopServer();
    box.remove();
  };
  const bail = (why: string) => {
    console.error(why);
    cleanUp();
    process.exit(130);
  };
  process.on("SIGINT", () => bail("interrupted: the server stopped, the containers removed"));
  process.on("SIGTERM", () => bail("terminated: the server stopped, the containers removed"));
  setTimeout(() => bail(`over ${DEADLINE_MS / 60_000} minutes: the server stopped, the containers removed`), DEADLINE_MS).unref();
  try {
    const names = Array.from({ length: RUNNING }, () => box.create("bm"));
    for (const n of names) box.start(n);
    console.log(`${RUNNING} running busybox containers in ${box.lxcpath}`);
    const off = await measure(box.lxcpath, 0);
    const on = await measure(box.lxcpath, 5);
    const cost = (on - off) / WINDOW_S;
    console.log(`server CPU over ${WINDOW_S} s: ${off.toFixed(2)} s without sampling, ${on.toFixed(2)} s sampling every 5 s`);
    console.log(`sampler: ${(cost * 100).toFixed(3)}% of one core (goal ≤ 1%): ratio to goal ${(cost / 0.01).toFixed(2)}`);
    const rounds = WINDOW_S / 5;
    const info = lxcInfoRound(box.lxcpath, names) * rounds;
    console.log(`lxc-info -S for the same ${RUNNING} containers every 5 s: ${((info / WINDOW_S) * 100).toFixed(2)}% of one core`);
    console.log(`ratio sampler / lxc-info: ${((on - off) / info).toFixed(3)}`);
  } finally {
    cleanUp();
  }
}

void main();
