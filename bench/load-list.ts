/**
 * Load: the container list with 100 containers (20 running) in a private
 * lxcpath and 10 tabs open, each asking for the list every second, as the
 * list page polls, for 60 s; then the server left idle. Prints the list's
 * answer time (p50, p99) against `lxc-ls --fancy` on the same lxcpath (the
 * tool the list wraps) timed in the same run, and the memory of the
 * production server's whole process tree, idle, at 100 containers.
 *
 *   npx tsx bench/load-list.ts        (as root, after scripts/setup-app.sh)
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { rawRequest } from "../e2e/raw-http";
import { fmt, makeContainers, memoryMb, percentile, privateLxcpath, removeLxcpath, startBenchServer } from "./load-kit";

const CONTAINERS = Number(process.env.LOAD_CONTAINERS ?? 100);
const RUNNING = Math.min(20, CONTAINERS);
const TABS = 10;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

const lxcpath = privateLxcpath("list");
try {
  const made = Date.now();
  await makeContainers(lxcpath, "list", CONTAINERS, RUNNING);
  console.log(`load-list: ${CONTAINERS} containers (${RUNNING} running) made in ${fmt((Date.now() - made) / 1000)} s`);
  const server = await startBenchServer(lxcpath);
  try {
    const list = async (): Promise<number> => {
      const t0 = performance.now();
      const r = await rawRequest(`${server.baseURL}/api/containers`, { headers: { cookie: server.cookie } });
      if (r.status !== 200 || (JSON.parse(r.body) as { containers?: unknown[] }).containers?.length !== CONTAINERS) {
        throw new Error(`the list answered ${r.status}: ${r.body.slice(0, 200)}`);
      }
      return performance.now() - t0;
    };
    await list();
    const times: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const tab = async (offset: number) => {
      await sleep(offset);
      while (Date.now() < deadline) {
        const took = await list();
        times.push(took);
        await sleep(Math.max(0, 1000 - took));
      }
    };
    const tool: number[] = [];
    const lxcLs = async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        execFileSync("lxc-ls", ["-P", lxcpath, "-f", "-F", "NAME,STATE,PID,RAM,AUTOSTART,IPV4,IPV6,UNPRIVILEGED"], { stdio: "ignore" });
        tool.push(performance.now() - t0);
        await sleep(1000);
      }
    };
    await Promise.all([...Array.from({ length: TABS }, (_, i) => tab((i * 1000) / TABS)), lxcLs()]);

    await sleep(20_000);
    const idle = memoryMb(server.pid);
    console.log(`  /api/containers with ${TABS} tabs polling every second for ${SECONDS} s: p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms (${times.length} answers; goal p99 <= 1000 ms)`);
    console.log(`  lxc-ls --fancy on the same lxcpath meanwhile: p50 ${fmt(percentile(tool, 50))} ms, p99 ${fmt(percentile(tool, 99))} ms`);
    console.log(`  ratio list p99 / lxc-ls p99: ${fmt(percentile(times, 99) / percentile(tool, 99), 2)}`);
    console.log(`  production server idle at ${CONTAINERS} containers: ${fmt(idle.tree)} MB RSS for the whole tree (${idle.processes} processes: ${idle.commands.join(", ")}; goal <= 150 MB)`);
  } finally {
    await server.stop();
  }
} finally {
  removeLxcpath(lxcpath);
}
