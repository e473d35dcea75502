/**
 * The 20 flooding terminals of bench/load-terminals.ts, in a process of their
 * own, as they would be in real life (other browsers, other tabs): the
 * process that times the 21st terminal's keystrokes then handles only its own
 * socket, so a burst of flood frames in the measuring event loop does not add
 * to the figure. Started by load-terminals.ts with the server's address,
 * cookie and action ids in FLOOD_SERVER (JSON) and the container names in
 * FLOOD_CONTAINERS; prints "ready" when all 20 are flooding, and on "stop" on
 * stdin interrupts them (Ctrl-C), closes them as their close buttons do and
 * prints {"bytes": N}.
 */
import { createInterface } from "node:readline";
import { BenchTerminal, type BenchServer } from "./load-kit";

const { baseURL, cookie, actions } = JSON.parse(process.env.FLOOD_SERVER ?? "{}") as { baseURL: string; cookie: string; actions: Array<[string, string]> };
const names = (process.env.FLOOD_CONTAINERS ?? "").split(",").filter(Boolean);
const count = Number(process.env.FLOOD_TERMINALS ?? 20);
const server = { baseURL, cookie, actions: new Map(actions) } as BenchServer;

const flooding: BenchTerminal[] = [];
for (let i = 0; i < count; i++) flooding.push(await BenchTerminal.open(server, names[i % names.length]!));
for (const t of flooding) {
  t.discardOutput();
  t.send("yes\r");
}
console.log("ready");

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "stop") continue;
  for (const t of flooding) t.send("\x03");
  await Promise.all(flooding.map((t) => t.end()));
  console.log(JSON.stringify({ bytes: flooding.reduce((sum, t) => sum + t.bytes, 0) }));
  process.exit(0);
}
