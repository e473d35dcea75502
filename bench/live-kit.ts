// Shared by bench/live.ts: 100 busybox containers (50 running) on a private
// lxcpath, the production server on it, a signed-in cookie, CPU time of a
// process tree from /proc.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testContainerConf } from "../tests/helpers/test-container-conf";

/** Stops and destroys `names` on a benchmark's private lxcpath (each whether or not it runs or exists), then removes the lxcpath. */
export function removeBenchContainers(lxcpath: string, names: readonly string[], lxc: (tool: string, ...args: string[]) => unknown): void {
  for (const n of names) {
    for (const argv of [["lxc-stop", "-n", n, "-k"], ["lxc-destroy", "-n", n, "-f"]]) {
      try {
        lxc(argv[0]!, ...argv.slice(1));
      } catch {
        /* not running / never made */
      }
    }
  }
  rmSync(lxcpath, { recursive: true, force: true });
}

export interface Fleet {
  lxcpath: string;
  names: string[];
  lxc(tool: string, ...args: string[]): void;
  remove(): void;
}

/**
 * `total` busybox containers on a private lxcpath (nobody else's containers
 * in the counts), the first `running` started. Without a network device:
 * lxcbr0's DHCP pool (253 leases, an hour each, shared with everyone's tests)
 * must not be used up by a benchmark that starts containers over and over.
 */
export function makeFleet(total: number, running: number): Fleet {
  const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-bench-live-"));
  chmodSync(lxcpath, 0o755);
  const prefix = `bl-${randomBytes(2).toString("hex")}-`;
  const names = Array.from({ length: total }, (_, i) => `${prefix}${i}`);
  const lxc = (tool: string, ...args: string[]) => void execFileSync(tool, ["-P", lxcpath, ...args], { stdio: "ignore" });
  const fleet: Fleet = {
    lxcpath,
    names,
    lxc,
    remove: () => removeBenchContainers(lxcpath, names, lxc),
  };
  const conf = path.join(lxcpath, "bench.conf");
  writeFileSync(conf, testContainerConf({ network: false }));
  // An interrupted creation still removes what it made.
  const onSignal = () => {
    fleet.remove();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  for (const [i, n] of names.entries()) {
    lxc("lxc-create", "-n", n, "-t", "busybox", "-f", conf);
    if (i < running) lxc("lxc-start", "-n", n, "-d");
  }
  // From here on the caller cleans up (and stops its server first).
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return fleet;
}

export interface BenchServer {
  base: string;
  cookie: { name: string; value: string };
  process: ChildProcess;
  /** SIGTERM to the server's process group; resolves when npm has exited. */
  stop(): Promise<void>;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error("the dashboard did not start");
}

/** One DATA_DIR and one signed-in viewer per benchmark run, kept across server restarts (this process's Prisma client stays on it). */
let benchData: { dataDir: string; cookie?: { name: string; value: string } } | null = null;

export interface BenchServerOptions {
  /** Runs before the first server starts, with the database migrated (a bench that needs rows in it). */
  prepare?: () => Promise<void>;
  /** Added to the server's environment (METRICS_INTERVAL_SECONDS, say). */
  env?: Record<string, string>;
  /** node's own flags (--cpu-prof, which NODE_OPTIONS refuses): the server is then run by node itself, not `npm start`. */
  nodeArgs?: string[];
}

/**
 * The production server (after `npm run build`) on `lxcpath`, the run's
 * throwaway DATA_DIR and a viewer signed in directly; a second call (a
 * restart with other settings) keeps both. removeBenchData() deletes the
 * DATA_DIR at the end.
 */
export async function startBenchServer(port: number, lxcpath: string, options: BenchServerOptions = {}): Promise<BenchServer> {
  if (!benchData) {
    benchData = { dataDir: mkdtempSync(path.join(tmpdir(), "lxcd-bench-data-")) };
    process.env.DATA_DIR = benchData.dataDir;
    if (options.prepare) {
      execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "ignore", env: { ...process.env, DATABASE_URL: `file:${path.join(benchData.dataDir, "dashboard.db")}` } });
      await options.prepare();
    }
  }
  const data = benchData;
  const nodeArgs = options.nodeArgs ?? [];
  const [command, args] = nodeArgs.length > 0 ? ["node", [...nodeArgs, "dist/server.mjs"]] : ["npm", ["start"]];
  const child = spawn(command, args, {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: data.dataDir, NODE_ENV: "production", LXC_LXCPATH: lxcpath, ...options.env },
    stdio: "ignore",
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/login`);
  if (!data.cookie) {
    const { createUser } = await import("../server/auth/accounts");
    const { startSession } = await import("../server/auth/sessions");
    const created = await createUser({ name: "bench", password: randomBytes(12).toString("hex"), role: "viewer" });
    if (!created.ok) throw new Error(created.error);
    const { token, cookie } = await startSession(created.value, { address: "127.0.0.1", userAgent: "bench" });
    data.cookie = { name: cookie.name, value: token };
  }
  return {
    base,
    cookie: data.cookie,
    process: child,
    stop() {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          /* gone */
        }
      }
      return exited;
    },
  };
}

/** Deletes the run's DATA_DIR (after the last server stopped). */
export function removeBenchData(): void {
  if (benchData) rmSync(benchData.dataDir, { recursive: true, force: true });
  benchData = null;
}

/**
 * CPU seconds (user + system) used so far by every process in process
 * group `pgid`, split: `own` is the group's processes themselves (the node
 * server, npm), `children` what their ended children used (lxc-ls,
 * lxc-info…: the kernel adds it to the parent when it reaps them).
 */
/** The processes of a process group (the server and what it keeps running). */
export function groupPids(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function groupCpu(pgid: number): { own: number; children: number } {
  const ticks = 100; // USER_HZ on Linux
  let own = 0;
  let children = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After ")": state(0) ppid(1) pgrp(2) ... utime(11) stime(12) cutime(13) cstime(14)
    if (Number(f[2]) !== pgid) continue;
    own += Number(f[11]) + Number(f[12]);
    children += Number(f[13]) + Number(f[14]);
  }
  return { own: own / ticks, children: children / ticks };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
