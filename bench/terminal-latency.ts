/**
 * Keystroke round trip: one byte sent on the WebSocket until its echo comes
 * back, through the dashboard's terminal server against a plain node-pty ↔ ws
 * relay with nothing in between. Both listen on 127.0.0.1, both run
 * lxc-attach into the same busybox container, and the rounds alternate
 * between them so that load from elsewhere on the host falls on both alike.
 *
 *   npx tsx bench/terminal-latency.ts [keystrokes per side, default 300]
 *
 * Prints p50 and p99 of each and the p50 ratio dashboard/relay (goal: at
 * most 1.5). Keystrokes alternate between a letter and DEL, so the line never
 * grows; a short pause after each lets the echo settle before the next.
 * Creates one container and destroys it.
 */
import { performance } from "node:perf_hooks";
import { BenchShell, percentile, runBench, withShellPair } from "./terminal-bench-kit";

const KEYSTROKES = Number(process.argv[2] ?? 300);
const ROUNDS = 6;
const WARM_UP = 20;
const SETTLE_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from sending one byte until the first output after it. */
async function roundTrip(shell: BenchShell, byte: string): Promise<number> {
  const echoed = new Promise<number>((resolve) => {
    const off = shell.onOutput(() => {
      off();
      resolve(performance.now());
    });
  });
  const sentAt = performance.now();
  shell.send(byte);
  const at = await echoed;
  await sleep(SETTLE_MS);
  return at - sentAt;
}

async function keystrokes(shell: BenchShell, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await roundTrip(shell, i % 2 === 0 ? "a" : "\x7f"));
  return times;
}

function summary(label: string, times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log(`${label.padEnd(22)} p50 ${p50.toFixed(3)} ms   p99 ${p99.toFixed(3)} ms   (${times.length} keystrokes)`);
  return { p50, p99 };
}

runBench(() =>
  withShellPair("term-lat", async ({ container, viaDashboard, viaRelay }) => {
    await keystrokes(viaDashboard, WARM_UP);
    await keystrokes(viaRelay, WARM_UP);

    const dashboardTimes: number[] = [];
    const relayTimes: number[] = [];
    const perRound = Math.ceil(KEYSTROKES / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      relayTimes.push(...(await keystrokes(viaRelay, perRound)));
      dashboardTimes.push(...(await keystrokes(viaDashboard, perRound)));
    }

    console.log(`Keystroke round trip into ${container} (lxc-attach, busybox sh), 127.0.0.1:`);
    const plain = summary("plain node-pty ↔ ws", relayTimes);
    const ours = summary("dashboard", dashboardTimes);
    console.log(`ratio dashboard/plain: p50 ${(ours.p50 / plain.p50).toFixed(2)}× (goal ≤ 1.5×), p99 ${(ours.p99 / plain.p99).toFixed(2)}×`);
  }),
);
