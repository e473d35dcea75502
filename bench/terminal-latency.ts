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
import { keystrokes, runBench, summary, withShellPair } from "./terminal-bench-kit";

const KEYSTROKES = Number(process.argv[2] ?? 300);
const ROUNDS = 6;
const WARM_UP = 20;


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
