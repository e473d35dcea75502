/**
 * One refresh of the process view against `top -b -n 1 -U <base>`, on a host
 * where an unprivileged busybox container runs 300 `sleep`s.
 *
 *   npx tsx bench/proc-view.ts [runs]
 *
 * Prints median wall time and mean CPU time per refresh, and the ratios
 * dashboard/top (goal: at most 1.0). The dashboard's refreshes are measured
 * in-process (it is a long-running server) with a warm sampler, as every
 * refresh after the first is; top is a fresh process each time, as
 * `top -b -n 1` always is. top's CPU time is its rusage, which the kernel adds
 * to this process's cutime/cstime when Node reaps it (10 ms ticks, so the
 * mean over many runs is what counts). Creates one container and destroys it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readContainerProcesses } from "@/server/processes/procfs/container-processes";
import { CLOCK_TICKS_PER_SECOND } from "@/server/processes/procfs/cpu-percent";
import { listPids } from "@/server/processes/procfs/proc-files";
import { ProcessSampler } from "@/server/processes/procfs/process-sampler";
import { readProcessesByUidRanges } from "@/server/processes/procfs/uid-range-processes";
import { SUBORDINATE_BASE, testContainerConf } from "../tests/helpers/test-container-conf";

const BASE = SUBORDINATE_BASE;
const SLEEPS = 300;
const RUNS = Number(process.argv[2] ?? 20);
const NAME = `b-proc-${randomBytes(3).toString("hex")}`;
const confDir = mkdtempSync(path.join(tmpdir(), "b-proc-"));

function run(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
}

function cleanUp(): void {
  spawnSync("lxc-stop", ["-k", "-n", NAME], { stdio: "ignore", timeout: 60_000 });
  spawnSync("lxc-destroy", ["-n", NAME], { stdio: "ignore", timeout: 60_000 });
  rmSync(confDir, { recursive: true, force: true });
}

function startContainerWithSleeps(): number {
  const conf = path.join(confDir, "unprivileged.conf");
  writeFileSync(conf, testContainerConf());
  run("lxc-create", "-n", NAME, "-t", "busybox", "-f", conf);
  run("lxc-start", "-n", NAME, "-d");
  run("lxc-wait", "-n", NAME, "-s", "RUNNING", "-t", "30");
  // The loop runs inside the container; the sleeps outlive the shell and are reparented to init.
  const loop = `i=0; while [ $i -lt ${SLEEPS} ]; do sleep 100000 & i=$((i+1)); done`;
  const attach = spawnSync("lxc-attach", ["-n", NAME, "--clear-env", "--", "/bin/sh", "-c", loop], { stdio: "ignore", timeout: 60_000 });
  if (attach.status !== 0) throw new Error(`lxc-attach exited with ${attach.status}`);
  return Number(run("lxc-info", "-n", NAME, "-pH").trim());
}

/** CPU time (ms) of this process's reaped children: stat fields 16 and 17, cutime and cstime. */
function childrenCpuMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

interface Measure {
  wallMs: number[];
  cpuMs: number[];
}

async function measureInProcess(refresh: () => Promise<unknown>, into: Measure): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await refresh();
  into.wallMs.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  into.cpuMs.push((used.user + used.system) / 1000);
}

function measureTop(into: Measure): void {
  const cpu = childrenCpuMs();
  const start = performance.now();
  const top = spawnSync("top", ["-b", "-n", "1", "-U", String(BASE)], { stdio: ["ignore", "pipe", "ignore"] });
  into.wallMs.push(performance.now() - start);
  into.cpuMs.push(childrenCpuMs() - cpu);
  if (top.status !== 0) throw new Error(`top exited with ${top.status}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const initPid = startContainerWithSleeps();
  const range = [{ from: BASE, to: BASE }];
  let rows = await readContainerProcesses(initPid);
  for (let i = 0; i < 100 && rows.filter((r) => r.command === "sleep 100000").length < SLEEPS; i++) {
    await pause(100);
    rows = await readContainerProcesses(initPid);
  }
  const sleeping = rows.filter((r) => r.command === "sleep 100000").length;
  if (sleeping < SLEEPS) throw new Error(`Only ${sleeping} of ${SLEEPS} sleeps started.`);

  const first: Measure = { wallMs: [], cpuMs: [] };
  const containerView: Measure = { wallMs: [], cpuMs: [] };
  const hostView: Measure = { wallMs: [], cpuMs: [] };
  const top: Measure = { wallMs: [], cpuMs: [] };
  // A refresh with no baselines (a fresh sampler) samples twice, 200 ms apart, like top's first frame.
  await measureInProcess(() => readProcessesByUidRanges(range, [{ name: NAME, initPid }], { sampler: new ProcessSampler() }), first);
  // The server is long-running: warm the code up as the first refreshes of a view would.
  for (let i = 0; i < 3; i++) await readProcessesByUidRanges(range, [{ name: NAME, initPid }]);
  for (let i = 0; i < RUNS; i++) {
    await pause(300); // the view refreshes every 1–2 s; a pause keeps runs apart without making the bench slow
    await measureInProcess(() => readContainerProcesses(initPid), containerView);
    await measureInProcess(() => readProcessesByUidRanges(range, [{ name: NAME, initPid }]), hostView);
    measureTop(top);
  }

  const line = (label: string, m: Measure) =>
    `${label.padEnd(44)} ${median(m.wallMs).toFixed(1).padStart(8)} ${mean(m.cpuMs).toFixed(1).padStart(8)}`;
  const ratio = (m: Measure) =>
    `wall ${(median(m.wallMs) / median(top.wallMs)).toFixed(2)}, CPU ${(mean(m.cpuMs) / mean(top.cpuMs)).toFixed(2)}`;
  console.log(`proc-view: container ${NAME} with ${rows.length} processes (${sleeping} sleeps), ${listPids("/proc").length} processes on the host, ${RUNS} runs`);
  console.log(`${"".padEnd(44)} ${"wall ms".padStart(8)} ${"CPU ms".padStart(8)}   (median wall, mean CPU)`);
  console.log(line(`top -b -n 1 -U ${BASE}`, top));
  console.log(line("dashboard: container view, one refresh", containerView));
  console.log(line(`dashboard: host view -U ${BASE}, one refresh`, hostView));
  console.log(line("dashboard: host view, first refresh (primes)", first));
  console.log(`ratio container view / top: ${ratio(containerView)}  (goal <= 1.0)`);
  console.log(`ratio host view / top:      ${ratio(hostView)}  (goal <= 1.0)`);
}

process.once("SIGINT", () => {
  cleanUp();
  process.exit(130);
});
try {
  await main();
} finally {
  cleanUp();
}
