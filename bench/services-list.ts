// Benchmark of the services of running containers (issue 12): the list's
// Services column for 50 running busybox containers, each with busybox httpd
// on TCP 80, in one run:
//   - readContainerServices for all 50 (what the list's map reads), warm
//     (median of 20 calls after the first: tables kept while a namespace's
//     socket counts stay, owners from the last walk), cold (the first call:
//     every table read, every process walked), and after a socket opened
//     since (one container starts a second listener: its table read again,
//     its namespace's processes walked again);
//   - against the tool: `nsenter -t PID -n ss -Hltunp` for each of the 50.
// Goal: ≤ 50 ms for the 50 (warm). Containers on a private lxcpath, with an
// empty network namespace each (no device, no lease from lxcbr0's shared
// pool), removed at the end even when interrupted.
//
//   npx tsx bench/services-list.ts     (root; ~3 min on the shared 2-core machine)
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readContainerServices } from "../server/services/container-services";
import { readListeningSockets } from "../server/services/listening-sockets";
import { findSocketOwners } from "../server/services/socket-owners";
import { pidNamespaceOf } from "../server/processes/procfs/container-processes";
import { removeBenchContainers } from "./live-kit";

const COUNT = Number(process.env.BENCH_CONTAINERS ?? 50);
const WARM_ROUNDS = 20;
const GOAL_MS = 50;

const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-bench-services-"));
chmodSync(lxcpath, 0o755);
const prefix = `bs-${randomBytes(2).toString("hex")}-`;
const names = Array.from({ length: COUNT }, (_, i) => `${prefix}${i}`);
const lxc = (tool: string, ...args: string[]) => execFileSync(tool, ["-P", lxcpath, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });

let removed = false;
function removeAll(): void {
  if (removed) return;
  removed = true;
  removeBenchContainers(lxcpath, names, lxc);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    removeAll();
    process.exit(130);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (f: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

async function main(): Promise<void> {
  const conf = path.join(lxcpath, "bench.conf");
  // An empty network namespace: loopback only, so 50 httpd :80 do not meet, and no DHCP lease is taken.
  writeFileSync(conf, "lxc.net.0.type = empty\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n");
  console.log(`creating and starting ${COUNT} busybox containers on ${lxcpath}, each with httpd on :80…`);
  const refs: Array<{ name: string; initPid: number }> = [];
  for (const name of names) {
    lxc("lxc-create", "-n", name, "-t", "busybox", "-f", conf);
    lxc("lxc-start", "-n", name, "-d");
    lxc("lxc-wait", "-n", name, "-s", "RUNNING", "-t", "30");
    const initPid = Number(lxc("lxc-info", "-n", name, "-pH").trim());
    if (readlinkSync(`/proc/${initPid}/ns/net`) === readlinkSync("/proc/self/ns/net")) throw new Error(`${name} shares the host's network namespace`);
    // Through sh, so the applet runs as "httpd" (its comm), as a container's own httpd would.
    lxc("lxc-attach", "-n", name, "--clear-env", "--", "/bin/sh", "-c", "exec httpd -p 80 -h /");
    refs.push({ name, initPid });
  }
  for (const { name, initPid } of refs) {
    for (let i = 0; !(readListeningSockets(initPid) ?? []).some((s) => s.localPort === 80); i++) {
      if (i > 100) throw new Error(`${name}: httpd is not listening`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let found = new Map<string, unknown[]>();
  const cold = await time(async () => (found = await readContainerServices(refs)));
  const withHttpd = [...found.values()].filter((s) => (s as Array<{ program: string | null; port: number }>).some((x) => x.port === 80 && x.program === "httpd")).length;
  if (withHttpd !== COUNT) throw new Error(`only ${withHttpd} of ${COUNT} containers show httpd :80 with its program`);
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) warm.push(await time(() => readContainerServices(refs)));

  // A socket opened since the last read: a second httpd in one container.
  lxc("lxc-attach", "-n", names[0]!, "--clear-env", "--", "/bin/sh", "-c", "exec httpd -p 81 -h /");
  while (!(readListeningSockets(refs[0]!.initPid) ?? []).some((s) => s.localPort === 81)) await new Promise((r) => setTimeout(r, 50));
  let afterNew = new Map<string, unknown[]>();
  const newSocket = await time(async () => (afterNew = await readContainerServices(refs)));
  if (!(afterNew.get(names[0]!) as Array<{ port: number; program: string | null }>).some((s) => s.port === 81 && s.program === "httpd")) {
    throw new Error("the new listener was not found with its program");
  }

  // Where the time goes: the 50 namespaces' socket tables, and the owners from what the last walk learnt.
  const tables: number[] = [];
  const owners: number[] = [];
  for (let i = 0; i < 5; i++) {
    const inodes = new Set<number>();
    const namespaces = new Set<string>();
    tables.push(await time(() => refs.forEach(({ initPid }) => {
      namespaces.add(pidNamespaceOf("/proc", initPid)!);
      for (const s of readListeningSockets(initPid) ?? []) inodes.add(s.inode);
    })));
    owners.push(await time(() => findSocketOwners(inodes, namespaces, "/proc")));
  }

  const ss: number[] = [];
  for (let round = 0; round < 3; round++) {
    ss.push(await time(() => refs.forEach(({ initPid }) => execFileSync("nsenter", ["-t", String(initPid), "-n", "ss", "-Hltunp"], { stdio: "ignore" }))));
  }

  const w = median(warm);
  console.log(`services of ${COUNT} running containers (httpd :80 each, found with its program in all ${COUNT}):`);
  console.log(`  warm: median ${w.toFixed(1)} ms of ${WARM_ROUNDS} (goal ≤ ${GOAL_MS} ms: ratio ${(w / GOAL_MS).toFixed(3)} of the goal)`);
  console.log(`  cold (first read, every process walked): ${cold.toFixed(1)} ms`);
  console.log(`  after a socket opened since (its namespaces walked again): ${newSocket.toFixed(1)} ms`);
  console.log(`  the parts, uncached: reading the ${COUNT} namespaces' tcp/tcp6/udp/udp6 tables ${median(tables).toFixed(1)} ms (what a read costs when every namespace's counts changed); the sockets' owners from the last walk ${median(owners).toFixed(1)} ms (medians of 5)`);
  console.log(`  nsenter -t PID -n ss -Hltunp for the ${COUNT}: median ${median(ss).toFixed(1)} ms of 3 — warm ratio ${(w / median(ss)).toFixed(4)}×, cold ratio ${(cold / median(ss)).toFixed(3)}×`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(removeAll);
