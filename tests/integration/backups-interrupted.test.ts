// Backups and restores cut short, against real LXC, GNU tar, zstd and SQLite:
// the dashboard killed with SIGKILL mid-restore leaves a directory that is
// listed as half-restored, is no container (no config: nothing lists or
// starts it) and is removed from the list with an audit row; a backup or a
// restore cancelled mid-way ends as cancelled and leaves nothing behind.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { eventually, run } from "./lxc-helpers";
import { useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const backupDir = mkdtempSync(path.join(tmpdir(), "lxcd-backups-cut-"));
process.env.BACKUP_DIR = backupDir;
const { startBackup, startRestore, removeHalfRestored, backupList } = await import("@/server/backups/backup-service");
const { listBackups } = await import("@/server/backups/backup-dir");
const { listHalfRestored } = await import("@/server/backups/restore-backup");
const { getOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { containerExists, lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("bkcut");
let source = "";
let backup = "";

/** A stopped container with 150 MB that does not compress, backed up once: long enough to interrupt. */
beforeAll(async () => {
  source = containers.create(false);
  run("dd", "if=/dev/urandom", `of=${path.join(lxcPath(), source, "rootfs", "root", "noise")}`, "bs=1M", "count=150", "status=none");
  const r = await startBackup(who, source, { name: `${source}-full` });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  const end = await getOperation(r.operationId)!.finished;
  if (end.outcome !== "ok") throw new Error(end.message);
  backup = `${source}-full`;
}, 300_000);

afterAll(() => {
  for (const name of containers.made) run("rm", "-rf", "--one-file-system", path.join(lxcPath(), name));
  containers.cleanup();
  database.cleanup();
  run("rm", "-rf", backupDir);
});

/** Whether any process still runs GNU tar for this directory (tar outlives a killed dashboard by a moment: its input ends). */
function tarStillRuns(dir: string): boolean {
  try {
    execFileSync("pgrep", ["-f", `tar --extract .*${dir}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const noiseIn = (name: string) => path.join(lxcPath(), name, "rootfs", "root", "noise");

describe("the dashboard killed with SIGKILL mid-restore", () => {
  it("leaves a half-restored directory that is listed, never started, and removable", async () => {
    const target = containers.name();
    const child = spawn("npx", ["tsx", path.join(import.meta.dirname, "restore-child.ts"), backup, target], {
      env: { ...process.env, BACKUP_DIR: backupDir },
      stdio: "ignore",
      detached: true,
    });
    await eventually(async () => (existsSync(noiseIn(target)) && statSync(noiseIn(target)).size > 10_000_000) || undefined, 120_000, "the restore to be halfway");
    process.kill(-child.pid!, "SIGKILL");
    const dir = path.join(lxcPath(), target);
    await eventually(async () => !tarStillRuns(dir) || undefined, 30_000, "tar to notice its input ended");

    expect(existsSync(path.join(dir, "config"))).toBe(false);
    expect(await containerExists(target)).toBe(false);
    expect(await listHalfRestored()).toContainEqual(expect.objectContaining({ name: target, dir }));
    expect((await backupList()).halfRestored.map((h) => h.name)).toContain(target);
    // Never started: without its config lxc-start has nothing to start.
    expect(() => run("lxc-start", "-n", target, "-d")).toThrow();
    expect(statSync(noiseIn(target)).size).toBeLessThan(150 * 1024 * 1024);

    // A restore onto its name is refused at the field until it is removed.
    expect(await startRestore(who, { backup, newName: target })).toMatchObject({ ok: false, fieldErrors: { newName: expect.stringContaining("half-restored") } });

    expect(await removeHalfRestored(who, target)).toMatchObject({ ok: true });
    expect(existsSync(dir)).toBe(false);
    expect(await listHalfRestored()).not.toContainEqual(expect.objectContaining({ name: target }));
    expect((await listAudit({ container: target })).find((r) => r.action === "remove half-restored")).toMatchObject({
      outcome: "ok",
      command: `rm -rf ${dir}`,
    });
    // Removing what is not half-restored (a real container, or nothing) is refused.
    expect(await removeHalfRestored(who, source)).toMatchObject({ ok: false });
    expect(await containerExists(source)).toBe(true);
  });
});

describe("cancelled mid-way", () => {
  it("a backup ends as cancelled; its partial archive is removed and nothing is listed", async () => {
    const before = readdirSync(backupDir).sort();
    const r = await startBackup(who, source, { name: `${source}-cancelled` });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    const op = getOperation(r.operationId)!;
    await eventually(
      async () => readdirSync(backupDir).some((f) => f.endsWith(".partial") && statSync(path.join(backupDir, f)).size > 5_000_000) || undefined,
      120_000,
      "the partial archive to grow",
    );
    op.controller.abort();
    expect(await op.finished).toMatchObject({ outcome: "cancelled", message: expect.stringContaining("the partial archive was removed") });
    expect(readdirSync(backupDir).sort()).toEqual(before);
    expect((await listBackups(source)).map((b) => b.name)).toEqual([backup]);
    expect((await listAudit({ container: source })).find((row) => row.action === "backup")).toMatchObject({ outcome: "cancelled" });
  });

  it("a restore ends as cancelled and leaves no directory behind", async () => {
    const target = containers.name();
    const r = await startRestore(who, { backup, newName: target });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    const op = getOperation(r.operationId)!;
    await eventually(async () => (existsSync(noiseIn(target)) && statSync(noiseIn(target)).size > 5_000_000) || undefined, 120_000, "the restore to be under way");
    op.controller.abort();
    expect(await op.finished).toMatchObject({ outcome: "cancelled" });
    expect(existsSync(path.join(lxcPath(), target))).toBe(false);
    expect(await listHalfRestored()).toEqual([]);
    expect((await listAudit({ container: target })).find((row) => row.action === "restore backup")).toMatchObject({ outcome: "cancelled" });
  });
});
