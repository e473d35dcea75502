// Fault: a full disk. The backup directory is a 4 MiB tmpfs of the test's own:
// a backup of a container holding 20 MB that does not compress fails with an
// error that names the full disk, its audit row says so, and the partial
// archive is gone. A restore into an lxcpath with less room than the archive
// unpacks to is refused before anything is written.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { run } from "./lxc-helpers";
import { useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const backupDir = mkdtempSync(path.join(tmpdir(), "lxcd-backups-full-"));
const smallLxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-lxcpath-full-"));
process.env.BACKUP_DIR = backupDir;
const { startBackup, startRestore } = await import("@/server/backups/backup-service");
const { listBackups } = await import("@/server/backups/backup-dir");
const { getOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("bkfull");

beforeAll(() => {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", backupDir]);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", smallLxcpath]);
});

afterAll(() => {
  containers.cleanup();
  for (const dir of [backupDir, smallLxcpath]) {
    execFileSync("umount", [dir]);
    rmdirSync(dir);
  }
  database.cleanup();
});

async function finished(r: { ok: boolean; operationId?: string; fieldErrors?: Record<string, string> }) {
  if (!r.ok || !r.operationId) throw new Error(`refused: ${JSON.stringify(r.fieldErrors)}`);
  return getOperation(r.operationId)!.finished;
}

describe("the backup directory's disk full during a backup", () => {
  it("fails with an error naming the full disk, audits it, and removes the partial archive", async () => {
    const name = containers.create(false);
    run("dd", "if=/dev/urandom", `of=${path.join(lxcPath(), name, "rootfs", "root", "noise")}`, "bs=1M", "count=20", "status=none");
    const end = await finished(await startBackup(who, name, {}));
    expect(end).toMatchObject({ outcome: "failed", message: expect.stringContaining(`the disk holding ${backupDir} is full (ENOSPC)`) });
    expect(end.message).toContain("the partial archive was removed");
    expect(readdirSync(backupDir)).toEqual([]);
    expect(await listBackups(name)).toEqual([]);
    const row = (await listAudit({ container: name })).find((r) => r.action === "backup");
    expect(row).toMatchObject({ outcome: "failed" });
    expect(`${row!.detail} ${row!.stderr}`).toMatch(/full \(ENOSPC\)/);
  });
});

describe("a restore into an lxcpath with too little room", () => {
  it("is refused with the sizes before anything is written", async () => {
    // A small backup fits the 4 MiB directory; its rootfs does not fit a 1 MiB lxcpath.
    const name = containers.create(false);
    expect(await finished(await startBackup(who, name, { name: `${name}-small` }))).toMatchObject({ outcome: "ok" });
    const saved = process.env.LXC_LXCPATH;
    process.env.LXC_LXCPATH = smallLxcpath;
    try {
      const target = `${name}-copy`;
      const end = await finished(await startRestore(who, { backup: `${name}-small`, newName: target }));
      expect(end).toMatchObject({
        outcome: "failed",
        message: expect.stringMatching(new RegExp(`refused before anything was written: it unpacks to about .* and ${smallLxcpath} has .* free`)),
      });
      expect(readdirSync(smallLxcpath)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.LXC_LXCPATH;
      else process.env.LXC_LXCPATH = saved;
    }
  });
});
