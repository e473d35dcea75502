// Faults: the dashboard killed with SIGKILL in the middle of a create, a
// destroy and a settings write (fault-driver.ts makes the same service calls
// a click makes, in a process of its own, on this file's database). At the
// next start the real server (dist/server.mjs) marks each cut-short audit
// row "interrupted" with what was left and the command that clears it; that
// command works; a config file is always the old or the new one, whole.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startServerProcess } from "../../e2e/server-process";
import { REPO } from "../helpers/staged-app";
import { useTempDatabase } from "../helpers/temp-database";
import { eventually, removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { listAudit } = await import("@/server/audit");

const LXCPATH = "/var/lib/lxc";
const made: string[] = [];

afterAll(() => {
  made.forEach(removeContainer);
  database.cleanup();
});

/** The driver, and what it printed (shown when a step waiting on it gives up). */
interface Driver {
  child: ChildProcess;
  output(): string;
}

/** The driver doing `what` to `name` (with `env` over the test's), resolved once it printed a line matching `until`. */
async function driver(what: string, name: string, until: RegExp, env: Record<string, string> = {}): Promise<Driver> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/fault-driver.ts", what, name], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      output += c.toString();
      if (until.test(output)) resolve();
    });
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", () => reject(new Error(`the driver exited before ${until}:\n${output}`)));
  });
  return { child, output: () => output };
}

/** Waits for `step`; when it gives up, the error carries what the driver printed. */
async function withDriverOutput<T>(d: Driver, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (err) {
    throw new Error(`${(err as Error).message}; the driver printed:\n${d.output()}`, { cause: err });
  }
}

/**
 * lxc-destroy held in the middle: a wrapper first on the driver's PATH (only
 * the driver's) that says it is there, waits while `hold` exists, then runs
 * the real tool. The destroy's audit row is "running" for as long as the
 * test wants, however fast the real tool would be.
 */
function heldDestroy(): { env: Record<string, string>; held: string; release(): void; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "lxcd-held-"));
  const hold = path.join(dir, "hold");
  const held = path.join(dir, "held");
  const real = execFileSync("sh", ["-c", "command -v lxc-destroy"], { encoding: "utf8" }).trim();
  writeFileSync(hold, "");
  writeFileSync(path.join(dir, "lxc-destroy"), `#!/bin/sh\necho $$ > ${held}\nwhile [ -e ${hold} ]; do sleep 0.1; done\nexec ${real} "$@"\n`, { mode: 0o755 });
  return {
    env: { PATH: `${dir}:${process.env.PATH}` },
    held,
    release: () => rmSync(hold, { force: true }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function kill9({ child }: Driver): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** The audit row of `action` on `name` while it is still running. */
function runningRow(action: string, name: string) {
  return eventually(async () => (await listAudit({ container: name })).find((r) => r.action === action && r.outcome === "running"), 30_000, `a running ${action} row`);
}

/** Waits until no process of `tool` for `name` is left (a tool the killed server started goes on by itself). */
async function toolFinished(tool: string, name: string): Promise<void> {
  await eventually(async () => (spawnSync("pgrep", ["-f", `${tool} .*-n ${name}( |$)`]).status === 1 ? true : undefined), 60_000, `${tool} of ${name} to end`);
}

/** The next start of the real server on this database; returns what it logged. */
async function nextStart(): Promise<string> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" };
  const server = await startServerProcess("the dashboard", port, "node", ["dist/server.mjs"], { cwd: REPO, env });
  await server.stop();
  return server.output();
}

/** Runs the command an interrupted row names ("…: lxc-destroy -P … -n … -f" or "…: rm -rf DIR"), if it names one. */
function runNamedCommand(detail: string): void {
  const command = /(?:remove it with|destroy it again): (.+)$/.exec(detail)?.[1];
  if (!command) return;
  const [tool, ...args] = command.split(" ");
  execFileSync(tool!, args, { stdio: "pipe" });
}

describe("the server killed with SIGKILL", () => {
  it("mid-create: the row is interrupted, what was left is named with a command that removes it", async () => {
    const name = uniqueName("k9create");
    made.push(name);
    const child = await driver("create", name, /create started/);
    await withDriverOutput(child, runningRow("create", name));
    await kill9(child);
    await toolFinished("lxc-create", name);

    const log = await nextStart();
    expect(log).toContain(`Interrupted: create of ${name}`);
    const [row] = await listAudit({ container: name });
    expect(row).toMatchObject({ action: "create", outcome: "interrupted", endedAt: expect.any(String) });
    expect(row!.detail).toMatch(new RegExp(`^the dashboard stopped while this ran; (nothing of ${name} was left|${name} was left in ${LXCPATH}/${name}, perhaps half-made; check it, or remove it with: lxc-destroy -P ${LXCPATH} -n ${name} -f|a half-made ${name} \\(no config\\) was left in ${LXCPATH}/${name}; remove it with: rm -rf ${LXCPATH}/${name})$`));
    runNamedCommand(row!.detail!);
    expect(existsSync(path.join(LXCPATH, name))).toBe(false);
  });

  // lxc-destroy is held (heldDestroy) so the kill lands while the row is "running", every time; then the
  // tool either goes on by itself after the server died (it runs in its own process group) or dies with it.
  for (const [toolAfterKill, expected] of [
    ["finishes", (name: string) => `the dashboard stopped while this ran; ${name} is gone (the destroy had finished)`],
    ["dies too", (name: string) => `the dashboard stopped while this ran; ${name} is still there, perhaps partly deleted; destroy it again: lxc-destroy -P ${LXCPATH} -n ${name} -f`],
  ] as const) {
    it(`mid-destroy, the tool ${toolAfterKill}: the row is interrupted and says whether the container is gone, or how to finish`, async () => {
      const name = uniqueName("k9destroy");
      made.push(name);
      execFileSync("lxc-create", ["-n", name, "-t", "busybox"], { stdio: "ignore" });
      execFileSync("lxc-start", ["-n", name, "-d"], { stdio: "ignore" });
      const tool = heldDestroy();
      try {
        const child = await driver("destroy", name, /destroy started/, tool.env);
        await withDriverOutput(child, eventually(async () => (existsSync(tool.held) ? true : undefined), 30_000, "lxc-destroy to be reached"));
        await withDriverOutput(child, runningRow("destroy", name));
        await kill9(child);
        if (toolAfterKill === "dies too") process.kill(Number(readFileSync(tool.held, "utf8")), "SIGKILL");
        tool.release();
        await toolFinished("lxc-destroy", name);
      } finally {
        tool.release();
        tool.remove();
      }

      const log = await nextStart();
      expect(log).toContain(`Interrupted: destroy of ${name}`);
      const [row] = await listAudit({ container: name });
      expect(row).toMatchObject({ action: "destroy", outcome: "interrupted" });
      expect(row!.detail).toBe(expected(name));
      runNamedCommand(row!.detail!);
      expect(existsSync(path.join(LXCPATH, name))).toBe(false);
    });
  }

  it("mid-settings: the config is always the old or the new one, whole, and nothing half-written stays", async () => {
    const name = uniqueName("k9settings");
    made.push(name);
    execFileSync("lxc-create", ["-n", name, "-t", "busybox"], { stdio: "ignore" });
    const configPath = path.join(LXCPATH, name, "config");
    const memoryLine = /^lxc\.cgroup2?\.memory\.(limit_in_bytes|max) = .*\n/m;
    const rest = readFileSync(configPath, "utf8").replace(memoryLine, "");

    // Killed at three different moments of a loop of writes: each time whole.
    for (const after of [2, 5, 9]) {
      const child = await driver("settings", name, new RegExp(`saved ${after}\\n`));
      await kill9(child);
      const text = readFileSync(configPath, "utf8");
      expect(text.match(new RegExp(memoryLine.source, "gm"))).toHaveLength(1);
      expect(text).toMatch(/ = (64|96)M\n/);
      expect(text.replace(memoryLine, "")).toBe(rest);
    }
    await nextStart();
    const rows = await listAudit({ container: name });
    expect(rows.filter((r) => r.outcome === "running")).toEqual([]);
    for (const row of rows.filter((r) => r.outcome === "interrupted")) {
      expect(row.detail).toBe(`the dashboard stopped while this ran; ${configPath} holds either the old or the new settings, never a mix (it is written whole, then renamed); see the Settings tab`);
    }
    expect(readdirSync(path.dirname(configPath)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
