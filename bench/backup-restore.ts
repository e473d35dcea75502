/**
 * Backup and restore of a 200 MB rootfs against the tools themselves, in one
 * run (goal: both ratios ≥ 0.8):
 *
 *   backup:  the dashboard's backup (GNU tar in the container's user namespace,
 *            xattrs and ACLs, zstd -T0 writing into the partial file, synced,
 *            hashed, sealed sidecar, rename) vs `tar -cf - -C rootfs . | zstd -T0 > file`
 *   restore: the dashboard's restore of that backup into a new container
 *            (checksum checked as it is fed to tar in the user namespace,
 *            config rewritten) vs `zstd -T0 -dc file | tar -xf - -C dir`
 *
 * and, to show why GNU tar and not the npm tar package: npm tar's extract of
 * the same stream (it has no xattrs, ACLs or device nodes either).
 *
 *   npx tsx bench/backup-restore.ts [runs]
 *
 * Ratios are throughputs (the tool's time / the dashboard's time), medians of
 * `runs` (default 3) alternating runs; CPU time (the tools and the dashboard's own) beside,
 * which a machine busy with other work disturbs less than wall time. As root; makes one busybox container
 * padded with 200 MB of files (half random, half text) and removes it.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { spawn } from "node:child_process";
import * as npmTar from "tar";
import { writeTestContainerConf } from "../tests/helpers/test-container-conf";

const RUNS = Number(process.argv[2] ?? 3);
const NAME = `b-backup-${randomBytes(3).toString("hex")}`;
const work = mkdtempSync(path.join(tmpdir(), "lxcd-bench-backup-"));
process.env.DATA_DIR = path.join(work, "data");
process.env.BACKUP_DIR = path.join(work, "backups");

const { planBackup, writeBackup } = await import("@/server/backups/create-backup");
const { planRestore, restoreBackup } = await import("@/server/backups/restore-backup");
const { archivePath } = await import("@/server/backups/backup-dir");
const { lxcPath } = await import("@/server/lxc");

const sh = (script: string) => execFileSync("sh", ["-c", script], { stdio: "inherit" });
const quiet = { onLine: () => {}, progress: () => {}, signal: new AbortController().signal };

function padRootfs(rootfs: string): number {
  const dir = path.join(rootfs, "srv", "pad");
  mkdirSync(dir, { recursive: true });
  let total = 0;
  for (let i = 0; total < 200 * 1024 * 1024; i++) {
    const size = [4096, 65536, 262144, 1048576][i % 4]!;
    const data = i % 2 === 0 ? randomBytes(size) : Buffer.from(`line ${i} of some text that compresses well\n`.repeat(size / 41 + 1)).subarray(0, size);
    const sub = path.join(dir, `d${i % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `f${i}`), data);
    total += size;
  }
  execFileSync("chown", ["-R", "100000:100000", path.join(rootfs, "srv")]);
  return total;
}

/** CPU time (ms) of this process's finished children (their own children included, once reaped) and of this process. */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime, in USER_HZ (100)
  const own = process.cpuUsage();
  return ticks * 10 + (own.user + own.system) / 1000;
}

const cpu: Record<string, number[]> = {};

/** Wall time of fn (ms); its CPU time (children and this process) is kept under `label`. */
async function timed(fn: () => unknown | Promise<unknown>, label?: string): Promise<number> {
  execFileSync("sync");
  const c0 = cpuMs();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  if (label) (cpu[label] ??= []).push(cpuMs() - c0);
  return wall;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const conf = writeTestContainerConf("lxcd-bench-conf-");
const restored: string[] = [];
try {
  execFileSync("lxc-create", ["-n", NAME, "-t", "busybox", "-f", conf.path], { stdio: "ignore" });
  const rootfs = path.join(lxcPath(), NAME, "rootfs");
  const padded = padRootfs(rootfs);
  const plainArchive = path.join(work, "plain.tar.zst");
  const times = { plainBackup: [] as number[], backup: [] as number[], plainRestore: [] as number[], restore: [] as number[], npmTar: [] as number[] };
  let lastBackup = "";

  for (let i = 0; i < RUNS; i++) {
    times.plainBackup.push(await timed(() => sh(`tar -cf - -C ${rootfs} . | zstd -T0 -q > ${plainArchive}`), "plainBackup"));
    times.backup.push(
      await timed(async () => {
        const plan = await planBackup(NAME, { name: `bench-${i}`, comment: "" }, new Date());
        await writeBackup(plan, quiet);
        lastBackup = plan.name;
      }, "backup"),
    );
    const plainDir = path.join(work, `plain-x-${i}`);
    mkdirSync(plainDir);
    times.plainRestore.push(await timed(() => sh(`zstd -T0 -dc -q ${plainArchive} | tar -xf - -C ${plainDir}`), "plainRestore"));
    rmSync(plainDir, { recursive: true, force: true });

    const target = `${NAME}-r${i}`;
    restored.push(target);
    times.restore.push(
      await timed(async () => {
        const plan = await planRestore(lastBackup, target);
        await restoreBackup(plan, quiet);
      }, "restore"),
    );
    execFileSync("lxc-destroy", ["-n", target], { stdio: "ignore" });

    const npmDir = path.join(work, `npm-x-${i}`);
    mkdirSync(npmDir);
    times.npmTar.push(
      await timed(async () => {
        const zstd = spawn("zstd", ["-T0", "-dc", "-q", plainArchive], { stdio: ["ignore", "pipe", "inherit"] });
        await pipeline(zstd.stdout as Readable, npmTar.x({ cwd: npmDir, preserveOwner: true }));
      }),
    );
    rmSync(npmDir, { recursive: true, force: true });
  }

  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
  const mb = padded / 1024 / 1024;
  console.log(`rootfs: ${mb.toFixed(0)} MiB of padding + busybox; archive ${archivePath(lastBackup)}; ${RUNS} runs, medians`);
  console.log(`backup   plain tar | zstd -T0: ${m.plainBackup.toFixed(0)} ms   dashboard: ${m.backup.toFixed(0)} ms   ratio ${(m.plainBackup / m.backup).toFixed(2)} (goal ≥ 0.8)`);
  console.log(`restore  zstd -dc | tar -x:    ${m.plainRestore.toFixed(0)} ms   dashboard: ${m.restore.toFixed(0)} ms   ratio ${(m.plainRestore / m.restore).toFixed(2)} (goal ≥ 0.8)`);
  const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  console.log(
    `CPU time (tools + the dashboard's own): backup ${c.backup!.toFixed(0)} ms vs ${c.plainBackup!.toFixed(0)} ms (${(c.plainBackup! / c.backup!).toFixed(2)}); ` +
      `restore ${c.restore!.toFixed(0)} ms vs ${c.plainRestore!.toFixed(0)} ms (${(c.plainRestore! / c.restore!).toFixed(2)})`,
  );
  console.log(`load average at the end: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} (${availableParallelism()} cores)`);
  console.log(`npm tar extract of the same stream: ${m.npmTar.toFixed(0)} ms   ratio to GNU tar ${(m.plainRestore / m.npmTar).toFixed(2)}`);
} finally {
  for (const name of [NAME, ...restored]) {
    try {
      execFileSync("lxc-destroy", ["-n", name, "-s"], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
  conf.remove();
  rmSync(work, { recursive: true, force: true });
}
