import { afterAll, afterEach, describe, expect, it } from "vitest";
import { setToolRunner, type CommandResult, type ToolRunner } from "@/server/lxc";
import { useTempDatabase } from "../helpers/temp-database";

/**
 * Applying a fix with the tools faked (this host has them all, and a unit
 * test must not install packages): the check runs first, the exact command
 * is audited, a failure says why on the row, and the check runs again after.
 * The audit rows go to a real SQLite database of the test's own.
 */

const { cleanup } = useTempDatabase();
const { applyHostFix } = await import("@/server/host/apply-fix");
const { listAudit } = await import("@/server/audit");

const who = { actor: "admin", address: "127.0.0.1" };
const APT = ["apt-get", "install", "-y", "lxc"];
const enoent = (tool: string) => Object.assign(new Error(`spawn ${tool} ENOENT`), { code: "ENOENT" });

/** lxc-ls is missing until apt-get "installs" it; apt-get answers with `apt`. */
function fakeHost(apt: Partial<CommandResult>, installs: boolean): string[][] {
  const spawns: string[][] = [];
  let installed = false;
  const answer = (argv: readonly string[]): CommandResult => {
    spawns.push([...argv]);
    const base = { argv: [...argv], exitCode: 0, stdout: "", stderr: "" };
    if (argv[0] === "lxc-ls") {
      if (!installed) throw enoent("lxc-ls");
      return { ...base, stdout: "5.0.2\n" };
    }
    if (argv.join(" ") === APT.join(" ")) {
      installed = installs && (apt.exitCode ?? 0) === 0;
      return { ...base, ...apt };
    }
    if (argv[0] === "id") return { ...base, stdout: "root\n" };
    if (argv[0] === "lxc-config") return { ...base, stdout: "/var/lib/lxc\n" };
    throw new Error(`unexpected spawn ${argv.join(" ")}`);
  };
  const runner: ToolRunner = { run: async (argv) => answer(argv), runSync: answer };
  setToolRunner(runner);
  return spawns;
}

afterEach(() => setToolRunner());
afterAll(() => cleanup());

describe("applying the lxc tools fix", () => {
  it("a failing install says why on the row, and the audit row holds the exact command and its stderr", async () => {
    const spawns = fakeHost({ exitCode: 100, stderr: "E: Unable to locate package lxc\n" }, false);
    const result = await applyHostFix("lxc-tools", who);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe("The fix failed: apt-get failed with exit code 100: E: Unable to locate package lxc");
    expect(result.row).toMatchObject({ id: "lxc-tools", state: "missing" });
    expect(spawns.filter((s) => s[0] === "apt-get")).toEqual([APT]);
    const [row] = await listAudit({ actor: "admin" });
    expect(row).toMatchObject({
      action: "host fix: lxc-tools",
      command: "apt-get install -y lxc",
      outcome: "failed",
      exitCode: 100,
      stderr: "E: Unable to locate package lxc",
    });
  });

  it("a working install is checked again and audited ok", async () => {
    fakeHost({ exitCode: 0 }, true);
    const result = await applyHostFix("lxc-tools", who);
    expect(result).toMatchObject({ ok: true, message: "LXC tools: fixed", row: { state: "ok", found: "LXC 5.0.2" } });
    const [row] = await listAudit({ actor: "admin" });
    expect(row).toMatchObject({ action: "host fix: lxc-tools", outcome: "ok", exitCode: 0 });
  });

  it("a command that exits 0 but fixes nothing is a failure that says what the check still finds", async () => {
    fakeHost({ exitCode: 0 }, false);
    const result = await applyHostFix("lxc-tools", who);
    expect(result).toMatchObject({ ok: false, error: "The fix ran, but the check still says: lxc-ls not found" });
    const [row] = await listAudit({ actor: "admin" });
    expect(row).toMatchObject({ outcome: "failed", detail: "ran, but the check still says: lxc-ls not found" });
  });

  it("runs nothing and writes no audit row when the check is ok already", async () => {
    const before = (await listAudit({})).length;
    const spawns = fakeHost({ exitCode: 0 }, true);
    await applyHostFix("lxc-tools", who); // installs
    const spawnsBefore = spawns.length;
    const result = await applyHostFix("lxc-tools", who);
    expect(result).toMatchObject({ ok: true, message: "LXC tools: already ok" });
    expect(spawns.slice(spawnsBefore).some((s) => s[0] === "apt-get")).toBe(false);
    expect((await listAudit({})).length).toBe(before + 1);
  });
});
