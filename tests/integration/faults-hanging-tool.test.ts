// Fault: an lxc tool that hangs. A wrapper first on PATH stands in for
// lxc-freeze and sleeps; the click path (performAction, real LXC, real
// SQLite) must stop it after LXC_TOOL_TIMEOUT_SECONDS, say so in one
// sentence, complete the audit row, and release the container's lock so the
// next action on it runs at once.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { performAction } = await import("@/server/containers/container-actions");
const { listAudit } = await import("@/server/audit");
const { busyContainers } = await import("@/server/lxc");

const NAME = uniqueName("hang");
const who = { actor: "tester", address: "127.0.0.1" };
const wrappers = mkdtempSync(path.join(tmpdir(), "lxcd-hang-"));
const marker = path.join(wrappers, "sleeper-pid");
const saved = { PATH: process.env.PATH, timeout: process.env.LXC_TOOL_TIMEOUT_SECONDS };

function state(): string {
  return execFileSync("lxc-info", ["-n", NAME, "-sH"], { encoding: "utf8" }).trim();
}
/** Running, not ended: an ended orphan may linger as a zombie where PID 1 does not reap. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

beforeAll(() => {
  execFileSync("lxc-create", ["-n", NAME, "-t", "busybox"], { stdio: "ignore" });
  execFileSync("lxc-start", ["-n", NAME, "-d"], { stdio: "ignore" });
  // The hung tool: records the PID of the sleep it leaves behind, then waits for ever.
  const wrapper = path.join(wrappers, "lxc-freeze");
  writeFileSync(wrapper, `#!/bin/sh\nsleep 1000 &\necho $! > ${marker}\nwait\n`);
  chmodSync(wrapper, 0o755);
});

afterAll(() => {
  process.env.PATH = saved.PATH;
  if (saved.timeout === undefined) delete process.env.LXC_TOOL_TIMEOUT_SECONDS;
  else process.env.LXC_TOOL_TIMEOUT_SECONDS = saved.timeout;
  removeContainer(NAME);
  rmSync(wrappers, { recursive: true, force: true });
  database.cleanup();
});

describe("an lxc tool that hangs", () => {
  it("is stopped after its timeout with a clear error, its audit row completed and the lock released", async () => {
    process.env.PATH = `${wrappers}:${saved.PATH}`;
    process.env.LXC_TOOL_TIMEOUT_SECONDS = "3";
    const began = Date.now();
    const result = await performAction(who, NAME, "freeze");
    const took = Date.now() - began;

    expect(result).toEqual({
      ok: false,
      error: "lxc-freeze did not finish within 3 s and was stopped; nothing else was run. Look at the host (is LXC stuck?) before trying again",
    });
    expect(took).toBeGreaterThanOrEqual(3000);
    // The whole process group was ended: the wrapper's own child too.
    const sleeper = Number(execFileSync("cat", [marker], { encoding: "utf8" }));
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(sleeper)).toBe(false);
    expect(busyContainers().has(NAME)).toBe(false);

    const [row] = await listAudit({ container: NAME });
    expect(row).toMatchObject({ action: "freeze", outcome: "failed", detail: result.ok ? "" : result.error });
    expect(state()).toBe("RUNNING");

    // The lock is free: with the real tool back, the next action runs at once.
    process.env.PATH = saved.PATH;
    expect(await performAction(who, NAME, "freeze")).toEqual({ ok: true, message: `${NAME} frozen` });
    expect(state()).toBe("FROZEN");
    expect(await performAction(who, NAME, "unfreeze")).toEqual({ ok: true, message: `${NAME} unfrozen` });
  });
});
