// The click path below the browser: performAction and startCreate against real
// LXC and a real SQLite database — name checks before any spawn, one action
// at a time per container with an audit row each, a vanished container, and a
// create streamed as an operation.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { eventually, removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { performAction } = await import("@/server/containers/container-actions");
const { startCreate } = await import("@/server/containers/create-service");
const { getOperation, watchOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { setToolRunner, defaultRunner } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const made: string[] = [];

function state(name: string): string {
  return execFileSync("lxc-info", ["-n", name, "-sH"], { encoding: "utf8" }).trim();
}

function awaitEnd(operationId: string): Promise<{ outcome: string; message: string }> {
  const op = getOperation(operationId);
  if (!op) throw new Error("no such operation");
  return new Promise((resolve) =>
    watchOperation(op, (e) => {
      if (e.type === "end") resolve(e);
    }),
  );
}

beforeAll(() => {
  const name = uniqueName("act");
  made.push(name);
  execFileSync("lxc-create", ["-n", name, "-t", "busybox"], { stdio: "ignore" });
});

afterAll(() => {
  made.forEach(removeContainer);
  database.cleanup();
});

describe("performAction", () => {
  it("refuses bad names before spawning anything", async () => {
    let spawns = 0;
    setToolRunner({
      run: (argv, opts) => {
        spawns++;
        return defaultRunner.run(argv, opts);
      },
      runSync: (argv) => {
        spawns++;
        return defaultRunner.runSync(argv);
      },
    });
    try {
      for (const bad of ["../etc", "a/b", "-n", "--help", "a;id", "$(id)", "a b", "", "x".repeat(64), "é"]) {
        const r = await performAction(who, bad, "start");
        expect(r).toMatchObject({ ok: false, field: "name" });
      }
      expect(spawns).toBe(0);
    } finally {
      setToolRunner();
    }
    expect(await listAudit()).toHaveLength(0);
  });

  it("runs racing actions one after the other, each with its own audit row", async () => {
    const name = made[0]!;
    const [started, stopped] = await Promise.all([performAction(who, name, "start"), performAction(who, name, "kill")]);
    expect(started).toEqual({ ok: true, message: `${name} started` });
    expect(stopped).toEqual({ ok: true, message: `${name} killed` });
    expect(state(name)).toBe("STOPPED");
    const rows = await listAudit({ container: name });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["kill", "ok"],
      ["start", "ok"],
    ]);
    expect(rows[1]!.command).toBe(`lxc-start -P /var/lib/lxc -n ${name} -d`);
    // The second began only after the first had ended.
    expect(new Date(rows[0]!.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(rows[1]!.endedAt!).getTime());
  });

  it("says a vanished container no longer exists and records the failure", async () => {
    const gone = uniqueName("gone");
    const r = await performAction(who, gone, "start");
    expect(r).toEqual({ ok: false, error: `container ${gone} no longer exists` });
    const [row] = await listAudit({ container: gone });
    expect(row).toMatchObject({ action: "start", outcome: "failed", detail: `container ${gone} no longer exists` });
  });
});

describe("startCreate", () => {
  it("refuses an existing name and off-list options without an operation", async () => {
    expect(await startCreate(who, { template: "busybox", name: made[0] })).toMatchObject({
      ok: false,
      fieldErrors: { name: `A container named ${made[0]} already exists.` },
    });
    expect(await startCreate(who, { template: "debian", name: uniqueName("deb"), release: "hamm" })).toMatchObject({
      ok: false,
      fieldErrors: { release: expect.any(String) },
    });
  });

  it("streams a failing create's output, records it and leaves nothing behind", async () => {
    const name = uniqueName("fail");
    made.push(name);
    const req = { template: "download", name, dist: "alpine", release: "3.20", arch: "amd64", variant: "default", server: "localhost" };
    const r = await startCreate(who, req);
    if (!r.ok) throw new Error(r.error);
    const end = await awaitEnd(r.operationId);
    expect(end.outcome).toBe("failed");
    expect(getOperation(r.operationId)!.events.some((e) => e.type === "line" && e.stream === "stderr")).toBe(true);
    expect(execFileSync("lxc-ls", ["-1"], { encoding: "utf8" }).split(/\s+/)).not.toContain(name);
    const [row] = await listAudit({ container: name });
    expect(row).toMatchObject({ action: "create", outcome: "failed", exitCode: expect.any(Number) });
    expect(row!.stderr).toBeTruthy();
  });

  it("creates and starts an unprivileged container as an operation, audited", async () => {
    const name = uniqueName("new");
    made.push(name);
    const r = await startCreate(who, { template: "busybox", name, unprivileged: true, start: true });
    if (!r.ok) throw new Error(r.error);
    const end = await awaitEnd(r.operationId);
    expect(end).toMatchObject({ outcome: "ok", message: `${name} created and started` });
    expect(state(name)).toBe("RUNNING");
    const pid = execFileSync("lxc-info", ["-n", name, "-pH"], { encoding: "utf8" }).trim();
    await eventually(async () => (/^Uid:\s+100000\b/m.test(execFileSync("cat", [`/proc/${pid}/status`], { encoding: "utf8" })) ? true : undefined), 5000, "init as uid 100000");
    const [row] = await listAudit({ container: name });
    expect(row).toMatchObject({ action: "create", outcome: "ok", actor: "tester", address: "127.0.0.1" });
    expect(row!.command).toMatch(new RegExp(`^lxc-create -P /var/lib/lxc -n ${name} -t busybox -f \\S+/unprivileged\\.conf$`));
  });
});
