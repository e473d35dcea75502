/**
 * The container list over HTTP with 50 Incus containers (25 running) on
 * this machine's Incus, added as a host: GET /api/containers (answered from
 * the host's store, kept by its event stream) against `incus list --format
 * csv` (the CLI asking the daemon), alternating, in one run.
 *
 *   npx tsx bench/incus-list.ts [rounds, default 30]   (as root, after a build; port 3245)
 *
 * Prints the median of each and the ratio dashboard/incus (goal ≤ 0.5).
 * Creates its containers and deletes them, also on failure.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { median, removeBenchData, startBenchServer, type BenchServer } from "./live-kit";
import { runBench } from "./terminal-bench-kit";

const ROUNDS = Number(process.argv[2] ?? 30);
const TOTAL = 50;
const RUNNING = 25;
const PORT = 3245;

const incus = (...args: string[]) => execFileSync("incus", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });

runBench(async () => {
  const prefix = `bi-${randomBytes(2).toString("hex")}-`;
  const names = Array.from({ length: TOTAL }, (_, i) => `${prefix}${i}`);
  const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-bench-incus-"));
  chmodSync(lxcpath, 0o755);
  let server: BenchServer | null = null;
  try {
    for (const [i, n] of names.entries()) {
      incus("init", "busybox", n);
      if (i < RUNNING) incus("start", n);
    }
    server = await startBenchServer(PORT, lxcpath, {
      prepare: async () => {
        const { saveTarget } = await import("../server/hosts/target-store");
        await saveTarget({ name: "incus", addedBy: "bench", socket: { path: "/var/lib/incus/unix.socket" } });
      },
    });
    const cookie = `${server.cookie.name}=${server.cookie.value}`;
    const list = async () => {
      const res = await fetch(`${server!.base}/api/containers`, { headers: { cookie } });
      if (!res.ok) throw new Error(`GET /api/containers: ${res.status}`);
      return (await res.json()) as { containers: { target?: string; name: string }[] };
    };
    // Until the host's store has read every container.
    for (let i = 0; ; i++) {
      const seen = (await list()).containers.filter((c) => c.target === "incus" && c.name.startsWith(prefix)).length;
      if (seen === TOTAL) break;
      if (i > 240) throw new Error(`only ${seen} of ${TOTAL} listed`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      await list();
      ours.push(performance.now() - t);
      t = performance.now();
      incus("list", "--format", "csv");
      theirs.push(performance.now() - t);
    }
    const a = median(ours);
    const b = median(theirs);
    console.log(`${TOTAL} Incus containers (${RUNNING} running), ${ROUNDS} rounds each:`);
    console.log(`GET /api/containers        median ${a.toFixed(1)} ms`);
    console.log(`incus list --format csv    median ${b.toFixed(1)} ms`);
    console.log(`ratio dashboard/incus: ${(a / b).toFixed(3)}× (goal ≤ 0.5×)`);
  } finally {
    await server?.stop();
    removeBenchData();
    for (const n of names) {
      try {
        incus("delete", "--force", n);
      } catch {
        /* never made */
      }
    }
    rmSync(lxcpath, { recursive: true, force: true });
  }
});
