/**
 * Throughput: `seq 1 3000000` run in the container's shell, delivered through
 * the dashboard's terminal server to a client that acks as the browser does,
 * against `lxc-attach -n NAME -- seq 1 3000000 > /dev/null` on the host (no
 * terminal at all: the upper bound the goal is set against). Two references
 * show where the time goes:
 * - the pty floor: node-pty running `lxc-attach -- seq ...` and dropping the
 *   bytes, no socket and no shell — what any terminal pays, because seq's
 *   stdout is then a terminal (line-buffered: a write per line) and
 *   lxc-attach relays it through a pty of its own;
 * - a plain node-pty ↔ ws relay: a pty and a socket without the dashboard.
 *
 *   npx tsx bench/terminal-throughput.ts [runs, default 3]
 *
 * Rates are seq's own bytes (the numbers and their newlines) per second of
 * wall time, from the Enter that starts it to the prompt after the marker
 * echoed after it; the ptys add carriage returns on the way, counted
 * separately as bytes delivered. Prints medians and the ratio dashboard/host
 * (goal: at least 0.5). Creates one container and destroys it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { BenchShell, LXCPATH, median, PROMPT, runBench, spawnAttachPty, withShellPair } from "./terminal-bench-kit";

const COUNT = 3_000_000;
const RUNS = Number(process.argv[2] ?? 3);
/** The marker echoed after seq, and the prompt after it: the shell is ready for the next run. */
const DONE = new RegExp(`seq-done-42\\r*\\n[^\\n]*${PROMPT.source}`);

/** Bytes `seq 1 COUNT` prints: every number's digits and a newline. */
function seqBytes(count: number): number {
  let bytes = 0;
  for (let digits = 1, from = 1; from <= count; digits++, from *= 10) {
    bytes += (Math.min(count, from * 10 - 1) - from + 1) * (digits + 1);
  }
  return bytes;
}

function onHost(container: string): number {
  const devNull = openSync("/dev/null", "w");
  try {
    const started = performance.now();
    const result = spawnSync("lxc-attach", ["-P", LXCPATH, "-n", container, "--clear-env", "--", "seq", "1", String(COUNT)], {
      stdio: ["ignore", devNull, "inherit"],
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`lxc-attach seq exited with ${result.status}`);
    return performance.now() - started;
  } finally {
    closeSync(devNull);
  }
}

/** seq through lxc-attach in a pty, its bytes read and dropped: the terminal's own cost. */
function inPty(container: string): Promise<{ ms: number; delivered: number }> {
  return new Promise((resolve) => {
    let delivered = 0;
    const started = performance.now();
    const pty = spawnAttachPty(container, ["seq", "1", String(COUNT)]);
    pty.onData((chunk) => void (delivered += (chunk as unknown as Buffer).length));
    pty.onExit(() => resolve({ ms: performance.now() - started, delivered }));
  });
}

/** Wall time and bytes delivered for one seq run through a shell on a socket. */
async function throughShell(shell: BenchShell): Promise<{ ms: number; delivered: number }> {
  let delivered = 0;
  const off = shell.onOutput((chunk) => void (delivered += chunk.length));
  const started = performance.now();
  // The marker is computed, so the echo of the typed line does not match it.
  shell.send(`seq 1 ${COUNT}; echo seq-done-$((40+2))\r`);
  await shell.waitFor(DONE);
  const ms = performance.now() - started;
  off();
  return { ms, delivered };
}

function rate(bytes: number, ms: number): string {
  return `${((bytes / ms) * 1000 / 1e6).toFixed(1)} MB/s`;
}

runBench(() =>
  withShellPair("term-tput", async ({ container, viaDashboard, viaRelay }) => {
    const payload = seqBytes(COUNT);
    const host: number[] = [];
    const floor: Array<{ ms: number; delivered: number }> = [];
    const ours: Array<{ ms: number; delivered: number }> = [];
    const plain: Array<{ ms: number; delivered: number }> = [];
    // Interleaved, so load from elsewhere on the host falls on all three alike.
    for (let run = 0; run < RUNS; run++) {
      host.push(onHost(container));
      floor.push(await inPty(container));
      ours.push(await throughShell(viaDashboard));
      plain.push(await throughShell(viaRelay));
    }

    const hostMs = median(host);
    const floorMs = median(floor.map((r) => r.ms));
    const oursMs = median(ours.map((r) => r.ms));
    const plainMs = median(plain.map((r) => r.ms));
    console.log(`seq 1 ${COUNT} in ${container}: ${payload} bytes of output; medians of ${RUNS} runs`);
    console.log(`host, lxc-attach > /dev/null   ${hostMs.toFixed(0).padStart(6)} ms   ${rate(payload, hostMs)}`);
    console.log(
      `pty floor, node-pty only       ${floorMs.toFixed(0).padStart(6)} ms   ${rate(payload, floorMs)}   (${rate(median(floor.map((r) => r.delivered)), floorMs)} delivered)`,
    );
    console.log(
      `dashboard, acking client       ${oursMs.toFixed(0).padStart(6)} ms   ${rate(payload, oursMs)}   (${rate(median(ours.map((r) => r.delivered)), oursMs)} delivered, with the ptys' CRs)`,
    );
    console.log(
      `plain node-pty ↔ ws (no acks)  ${plainMs.toFixed(0).padStart(6)} ms   ${rate(payload, plainMs)}   (${rate(median(plain.map((r) => r.delivered)), plainMs)} delivered)`,
    );
    console.log(`ratio dashboard/host: ${(hostMs / oursMs).toFixed(2)}× (goal ≥ 0.5×)`);
    console.log(`ratio dashboard/pty floor: ${(floorMs / oursMs).toFixed(2)}×; dashboard/plain relay: ${(plainMs / oursMs).toFixed(2)}×`);
  }),
);
