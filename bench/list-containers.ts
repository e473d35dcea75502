// Benchmark: the dashboard's container list over HTTP against `lxc-ls --fancy`,
// with 100 containers (50 running), measured in one run on the same host.
// Goal: ratio (dashboard / lxc-ls) at most 1.3.
//
//   npx tsx bench/list-containers.ts        (after `npm run build`; root; takes ~1–2 min)
//
// It starts the production server on a loopback port with a throwaway DATA_DIR,
// signs a bench user in directly through server/auth, and removes every
// container it made, even when interrupted.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const TOTAL = 100;
const RUNNING = 50;
const ROUNDS = 30;
const PORT = 3197;
const prefix = `bench-ls-${randomBytes(2).toString("hex")}-`;
const names = Array.from({ length: TOTAL }, (_, i) => `${prefix}${i}`);

function lxc(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: "ignore" });
}

function cleanup(): void {
  for (const n of names) {
    try {
      lxc("lxc-stop", ["-n", n, "-k"]);
    } catch {
      /* not running */
    }
    try {
      lxc("lxc-destroy", ["-n", n]);
    } catch {
      /* never made */
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error("the dashboard did not start");
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-"));
  process.env.DATA_DIR = dataDir;
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  console.log(`creating ${TOTAL} busybox containers, starting ${RUNNING}…`);
  for (const [i, n] of names.entries()) {
    lxc("lxc-create", ["-n", n, "-t", "busybox"]);
    if (i < RUNNING) lxc("lxc-start", ["-n", n, "-d"]);
  }

  const server = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production", AUTOSTART: "off" },
    stdio: "ignore",
    detached: true,
  });
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForServer(`${base}/login`);
    const { createUser } = await import("../server/auth/accounts");
    const { startSession } = await import("../server/auth/sessions");
    const created = await createUser({ name: "bench", password: randomBytes(12).toString("hex"), role: "viewer" });
    if (!created.ok) throw new Error(created.error);
    const { token, cookie } = await startSession(created.value, { address: "127.0.0.1", userAgent: "bench" });
    const headers = { cookie: `${cookie.name}=${token}` };

    const dashboard: number[] = [];
    const lxcLs: number[] = [];
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < ROUNDS + 2; i++) {
      let t = performance.now();
      const res = await fetch(`${base}/api/containers`, { headers });
      const body = (await res.json()) as { containers?: unknown[] };
      if (!res.ok || (body.containers?.length ?? 0) < TOTAL) throw new Error(`list answered ${res.status}`);
      const d = performance.now() - t;
      t = performance.now();
      execFileSync("lxc-ls", ["--fancy"], { stdio: "ignore" });
      const l = performance.now() - t;
      if (i >= 2) {
        dashboard.push(d);
        lxcLs.push(l);
      }
    }
    const md = median(dashboard);
    const ml = median(lxcLs);
    console.log(`containers: ${TOTAL} (${RUNNING} running), rounds: ${ROUNDS}`);
    console.log(`dashboard GET /api/containers  median ${md.toFixed(1)} ms`);
    console.log(`lxc-ls --fancy                 median ${ml.toFixed(1)} ms`);
    console.log(`ratio dashboard / lxc-ls: ${(md / ml).toFixed(2)}  (goal ≤ 1.3)`);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  cleanup();
  process.exit(1);
});
