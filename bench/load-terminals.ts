/**
 * Load: 20 terminals running `yes` at once on five containers for 60 s while
 * a 21st is typed in, through the production server (dist/server.mjs) and
 * its real ticketed WebSocket (the 20 from a process of their own,
 * bench/load-flood-clients.ts, as other browsers would be). Prints the keystroke round trip (typed key →
 * its echo on screen) in the 21st against a plain `lxc-attach` pty typed in
 * at the same moments under the same load (the tool the terminal wraps), and
 * the server's memory: at the start, the most while the 20 run (per
 * terminal), and after all have closed, for each of LOAD_ROUNDS rounds.
 *
 *   npx tsx bench/load-terminals.ts        (as root, after scripts/setup-app.sh)
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { spawnAttachPty } from "./terminal-bench-kit";
import { BenchTerminal, fmt, makeContainers, memoryDetail, memoryMb, percentile, privateLxcpath, removeLxcpath, startBenchServer } from "./load-kit";

const TERMINALS = 20;
const CONTAINERS = 5;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** The whole load run this many times on one server: a second round that ends where the first ended shows memory that stays is not per terminal. */
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 2);
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

const lxcpath = privateLxcpath("term");
const server = await startBenchServer(lxcpath).catch((e: unknown) => {
  removeLxcpath(lxcpath);
  throw e;
});

interface Round {
  dashboard: number[];
  direct: number[];
  bytes: number;
  most: ReturnType<typeof memoryMb>;
  after: ReturnType<typeof memoryMb>;
  afterDetail: ReturnType<typeof memoryDetail>;
  /** RSS of the plain lxc-attach (and the shell it runs), as a terminal costs without the dashboard. */
  plainMb: number;
  /** The same as PSS (shared pages divided among the processes that map them). */
  plainPss: number;
}

/**
 * The 20 flooding terminals, opened and started (`yes`) by a process of their
 * own (bench/load-flood-clients.ts), as other browsers would be: this process
 * then handles only the typed terminal and the plain pty it times.
 */
async function startFloodClients(names: string[]): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL("./load-flood-clients.ts", import.meta.url))], {
    env: {
      ...process.env,
      FLOOD_SERVER: JSON.stringify({ baseURL: server.baseURL, cookie: server.cookie, actions: [...server.actions] }),
      FLOOD_CONTAINERS: names.slice(0, CONTAINERS).join(","),
      FLOOD_TERMINALS: String(TERMINALS),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the flooding terminals' process ended (exit ${child.exitCode ?? child.signalCode})`);
    return value as string;
  };
  if ((await next()) !== "ready") throw new Error("the flooding terminals' process did not start them");
  return {
    async stop() {
      child.stdin!.write("stop\n");
      const { bytes } = JSON.parse(await next()) as { bytes: number };
      return bytes;
    },
  };
}

/** 20 terminals flooding and a 21st typed in for SECONDS, then all closed as their close buttons close them. */
async function round(names: string[], start: ReturnType<typeof memoryMb>): Promise<Round> {
  const flood = await startFloodClients(names);
  const typed = await BenchTerminal.open(server, names[0]!);
  // The same shell with nothing in between: lxc-attach in a pty of this process, as the dashboard spawns it.
  const plain = spawnAttachPty(names[0]!, [], lxcpath);
  let plainText = "";
  plain.onData((d) => (plainText = (plainText + d.toString()).slice(-256)));
  await sleep(1000);

  const dashboard: number[] = [];
  const direct: number[] = [];
  let most = start;
  let lookedAt = 0;
  const deadline = Date.now() + SECONDS * 1000;
  for (let i = 0; Date.now() < deadline; i++) {
    const letter = LETTERS[i % LETTERS.length]!;
    if (i % 40 === 39) {
      // Clear the typed line now and then (Ctrl-U), unmeasured.
      typed.send("\x15");
      plain.write("\x15");
      await sleep(200);
      continue;
    }
    let t0 = performance.now();
    typed.send(letter);
    await typed.waitFor(new RegExp(`${letter}$`), 10_000);
    dashboard.push(performance.now() - t0);

    plainText = "";
    t0 = performance.now();
    plain.write(letter);
    while (!plainText.endsWith(letter)) {
      if (performance.now() - t0 > 10_000) throw new Error(`the plain lxc-attach pty did not echo "${letter}" within 10 s`);
      await sleep(0.2);
    }
    direct.push(performance.now() - t0);

    // The server's memory every 2 s (reads of /proc only), not between every two keys.
    if (Date.now() - lookedAt >= 2000) {
      lookedAt = Date.now();
      const now = memoryMb(server.pid);
      if (now.server > most.server) most = now;
    }
    await sleep(100);
  }
  const plainMem = memoryMb(plain.pid);
  const plainMb = plainMem.tree;
  const plainPss = plainMem.treePss;
  // Every terminal closed as its close button closes it: the session ends with its shell.
  const [bytes] = await Promise.all([flood.stop(), typed.end()]);
  plain.kill("SIGKILL");
  for (let waited = 0; memoryMb(server.pid).processes > 1 + 1 && waited < 30_000; waited += 500) await sleep(500);
  await sleep(10_000);
  return { dashboard, direct, bytes, most, after: memoryMb(server.pid), afterDetail: memoryDetail(server.pid), plainMb, plainPss };
}

try {
  const names = await makeContainers(lxcpath, "term", CONTAINERS, CONTAINERS);
  // Warm up every code path once (a terminal opened, used and closed), then the start figure.
  const warm = await BenchTerminal.open(server, names[0]!);
  warm.send("echo warm\r");
  await warm.waitFor(/\nwarm\r*\n/);
  await warm.end();
  await sleep(3000);
  const start = memoryMb(server.pid);
  const startDetail = memoryDetail(server.pid);

  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await round(names, start));

  const dashboard = rounds.flatMap((r) => r.dashboard);
  const direct = rounds.flatMap((r) => r.direct);
  const bytes = rounds.reduce((sum, r) => sum + r.bytes, 0);
  const most = rounds.reduce((m, r) => (r.most.server > m.server ? r.most : m), start);
  const p = (xs: number[], q: number) => fmt(percentile(xs, q));
  const pct = (mb: number) => `${fmt((mb / start.server - 1) * 100)}%`;
  console.log(`load-terminals: ${TERMINALS} terminals running yes on ${CONTAINERS} containers for ${SECONDS} s, ${ROUNDS} round(s) on one server (${fmt(bytes / 1e6 / (SECONDS * ROUNDS))} MB/s delivered to them), a 21st typed in`);
  console.log(`  keystroke to echo, dashboard terminal: p50 ${p(dashboard, 50)} ms, p99 ${p(dashboard, 99)} ms (${dashboard.length} keys; goal p99 <= 50 ms)`);
  console.log(`  keystroke to echo, plain lxc-attach pty: p50 ${p(direct, 50)} ms, p99 ${p(direct, 99)} ms`);
  console.log(`  ratio dashboard/plain p99: ${fmt(percentile(dashboard, 99) / percentile(direct, 99), 2)}`);
  const slowest = (xs: number[]) => [...xs].sort((a, b) => b - a).slice(0, 8).map((x) => fmt(x)).join(", ");
  console.log(`  slowest keys, dashboard: ${slowest(dashboard)} ms; plain: ${slowest(direct)} ms`);
  console.log(`  server RSS: start ${fmt(start.server)} MB, most with 21 open ${fmt(most.server)} MB (${fmt((most.server - start.server) / (TERMINALS + 1), 2)} MB per terminal; goal <= 5)`);
  const detail = (d: ReturnType<typeof memoryDetail>) => `malloc heap ${fmt(d.brk)}, other anonymous (V8 heap, mmap) ${fmt(d.anonymous)}, files ${fmt(d.files)}`;
  console.log(`  at the start: ${detail(startDetail)}`);
  for (const [i, r] of rounds.entries()) {
    console.log(`  after round ${i + 1}'s terminals all closed: ${fmt(r.after.server)} MB (${pct(r.after.server)} from start; goal within 10%): ${detail(r.afterDetail)}`);
  }
  const last = rounds.at(-1)!.after;
  const plainMb = Math.max(...rounds.map((r) => r.plainMb));
  const plainPss = Math.max(...rounds.map((r) => r.plainPss));
  console.log(`  whole tree (server, lxc-monitor, and lxc-attach with its shell per terminal): start ${fmt(start.tree)} MB in ${start.processes} processes, most ${fmt(most.tree)} MB in ${most.processes} (${fmt((most.tree - start.tree) / (TERMINALS + 1), 2)} MB per terminal; a plain lxc-attach with its shell, no dashboard: ${fmt(plainMb, 2)} MB), after ${fmt(last.tree)} MB in ${last.processes}`);
  console.log(`  whole tree as PSS (a shared page counted once in all, not once per process): start ${fmt(start.treePss)} MB, most ${fmt(most.treePss)} MB (${fmt((most.treePss - start.treePss) / (TERMINALS + 1), 2)} MB per terminal; goal <= 5; a plain lxc-attach with its shell: ${fmt(plainPss, 2)} MB), after ${fmt(last.treePss)} MB`);
} finally {
  await server.stop();
  removeLxcpath(lxcpath);
}
