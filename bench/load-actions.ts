/**
 * Load: 50 actions (start, stop, restart, freeze, unfreeze, destroy,
 * settings) racing on 10 containers of a private lxcpath from 5 signed-in
 * sessions, through the production server's real server actions, all sent
 * at once. Checks and prints: every action answered (no deadlock), every
 * action is exactly one audit row, and each container's end state is the one
 * that replaying its rows in audit order (the order the container's lock let
 * them run) gives, each row's outcome possible at its place in that order.
 * Also prints the wall time against the same actions run one by one with
 * the lxc tools (what the dashboard wraps).
 *
 *   npx tsx bench/load-actions.ts        (as root, after scripts/setup-app.sh)
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { callAction } from "../e2e/server-actions";
import { fmt, makeContainers, privateLxcpath, removeLxcpath, signInAgain, startBenchServer, type BenchServer } from "./load-kit";

type Kind = "start" | "stop" | "restart" | "freeze" | "unfreeze" | "destroy" | "settings";
type State = "STOPPED" | "RUNNING" | "FROZEN" | "GONE";
const KINDS: Kind[] = ["start", "stop", "restart", "freeze", "unfreeze", "start", "settings", "stop", "freeze", "destroy"];
const ACTIONS = 50;
const SESSIONS = 5;

/**
 * What an action that succeeded does to a state; null where it cannot
 * succeed. LXC 5's own answers: lxc-start -d of a running container, lxc-freeze
 * of a frozen one and lxc-unfreeze of one not frozen exit 0 and change nothing.
 */
function after(kind: Kind, state: State): State | null {
  if (state === "GONE") return null;
  switch (kind) {
    case "start":
      return state === "FROZEN" ? null : "RUNNING";
    case "stop":
      return state === "STOPPED" ? null : "STOPPED";
    case "restart":
      return state === "RUNNING" ? "RUNNING" : null;
    case "freeze":
      return state === "STOPPED" ? null : "FROZEN";
    case "unfreeze":
      return state === "FROZEN" ? "RUNNING" : state;
    case "destroy":
      return "GONE";
    case "settings":
      return state === "STOPPED" ? "STOPPED" : null;
  }
}

function realState(lxcpath: string, name: string): State {
  try {
    return execFileSync("lxc-info", ["-P", lxcpath, "-n", name, "-sH"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() as State;
  } catch {
    return "GONE";
  }
}

async function act(server: BenchServer, cookie: string, kind: Kind, name: string): Promise<unknown> {
  const id = (key: string) => server.actions.get(key)!;
  if (kind === "destroy") return (await callAction(server.baseURL, { page: "/", id: id("app/containers/actions.ts#destroyContainerAction"), args: [name, name], cookie })).result;
  if (kind === "settings") {
    const page = `/containers/${name}/settings`;
    const values = { autostart: false, startDelay: "", startOrder: "", memoryLimit: "64M", cpuShares: "", cpuSet: "", networkLink: "lxcbr0" };
    const preview = await callAction(server.baseURL, { page, id: id("app/containers/[name]/settings/actions.ts#previewSettingsAction"), args: [name, values], cookie });
    const fingerprint = String(preview.result?.fingerprint ?? "none");
    return (await callAction(server.baseURL, { page, id: id("app/containers/[name]/settings/actions.ts#saveSettingsAction"), args: [name, values, fingerprint], cookie })).result;
  }
  return (await callAction(server.baseURL, { page: "/", id: id("app/containers/actions.ts#runContainerAction"), args: [name, kind], cookie })).result;
}

const lxcpath = privateLxcpath("act");
try {
  const names = await makeContainers(lxcpath, "act", 10, 5);
  const server = await startBenchServer(lxcpath);
  try {
    const cookies = [server.cookie];
    for (let i = 1; i < SESSIONS; i++) cookies.push(await signInAgain(server));
    const start = new Map(names.map((n) => [n, realState(lxcpath, n)]));
    const plan = Array.from({ length: ACTIONS }, (_, i) => ({ kind: KINDS[(i * 7) % KINDS.length]!, name: names[(i * 3) % names.length]!, cookie: cookies[i % SESSIONS]! }));

    const t0 = performance.now();
    const answers = await Promise.race([
      Promise.all(plan.map((p) => act(server, p.cookie, p.kind, p.name))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("deadlock: not every action answered within 10 minutes")), 600_000)),
    ]);
    const took = (performance.now() - t0) / 1000;
    const unanswered = answers.filter((a) => !a || typeof a !== "object" || !("ok" in (a as object))).length;

    // Every action's row, in the order the locks let them run.
    const sqlite = new Database(path.join(server.dataDir, "dashboard.db"), { readonly: true });
    const rows = sqlite
      .prepare(`SELECT id, action, container, outcome FROM AuditEntry WHERE action IN (${[...new Set(KINDS)].map(() => "?").join(",")}) ORDER BY id`)
      .all(...new Set(KINDS)) as Array<{ id: number; action: Kind; container: string; outcome: string }>;
    sqlite.close();

    const problems: string[] = [];
    if (unanswered > 0) problems.push(`${unanswered} action(s) got no result`);
    if (rows.length !== ACTIONS) problems.push(`${rows.length} audit rows for ${ACTIONS} actions`);
    for (const name of names) {
      const planned = plan.filter((p) => p.name === name).map((p) => p.kind).sort();
      const recorded = rows.filter((r) => r.container === name);
      if (recorded.map((r) => r.action).sort().join() !== planned.join()) problems.push(`${name}: rows ${recorded.map((r) => r.action)} for actions ${planned}`);
      let state = start.get(name)!;
      for (const row of recorded) {
        const next = after(row.action, state);
        if (row.outcome === "ok") {
          if (next === null) problems.push(`${name}: #${row.id} ${row.action} succeeded from ${state}`);
          else state = next;
        } else if (row.outcome !== "failed") problems.push(`${name}: #${row.id} ${row.action} ended ${row.outcome}`);
      }
      const real = realState(lxcpath, name);
      if (real !== state) problems.push(`${name}: ends ${real}, its rows in order give ${state}`);
    }
    const ok = rows.filter((r) => r.outcome === "ok").length;

    // The same actions one by one with the tools, for scale.
    const serial = await makeContainers(lxcpath, "ser", 10, 5);
    const toolArgv: Record<Kind, string[]> = {
      start: ["lxc-start", "-d"],
      stop: ["lxc-stop", "-t", "30"],
      restart: ["lxc-stop", "-r", "-t", "30"],
      freeze: ["lxc-freeze"],
      unfreeze: ["lxc-unfreeze"],
      destroy: ["lxc-destroy", "-f"],
      settings: ["lxc-info", "-c", "lxc.cgroup.memory.limit_in_bytes"],
    };
    const s0 = performance.now();
    for (const [i, p] of plan.entries()) {
      const [tool, ...args] = toolArgv[p.kind];
      try {
        execFileSync(tool!, ["-P", lxcpath, "-n", serial[(i * 3) % serial.length]!, ...args], { stdio: "ignore", timeout: 120_000 });
      } catch {
        // a refusal, as some of the racing actions get
      }
    }
    const serialTook = (performance.now() - s0) / 1000;

    console.log(`load-actions: ${ACTIONS} actions racing on ${names.length} containers from ${SESSIONS} sessions through the server actions`);
    console.log(`  all answered in ${fmt(took)} s (no deadlock); ${ok} succeeded, ${rows.length - ok} refused by the state they met; ${rows.length} audit rows`);
    console.log(`  the same 50 with the lxc tools one by one: ${fmt(serialTook)} s (ratio racing/serial ${fmt(took / serialTook, 2)})`);
    console.log(problems.length === 0 ? "  every end state is the one its rows, replayed in audit order, give; every action is one row" : `  PROBLEMS:\n    ${problems.join("\n    ")}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
} finally {
  removeLxcpath(lxcpath);
}
