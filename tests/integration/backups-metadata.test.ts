// What a backup must keep besides contents and owners, against real LXC, GNU
// tar and zstd: extended attributes, file capabilities and POSIX ACLs of an
// unprivileged container (its tar runs in the container's user namespace, so
// the kernel stores a capability against the container's root, and reads it
// back the same), and the device nodes of a privileged container's /dev. Each
// is set on the host, backed up, the container destroyed, restored under the
// same name, and read back from the restored rootfs.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { removeContainer, run, uniqueName } from "./lxc-helpers";
import { useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const backupDir = mkdtempSync(path.join(tmpdir(), "lxcd-backups-meta-"));
process.env.BACKUP_DIR = backupDir;
const { startBackup, startRestore } = await import("@/server/backups/backup-service");
const { getOperation } = await import("@/server/containers/operations");
const { lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("bkm");
const privileged: string[] = [];

afterAll(() => {
  containers.cleanup();
  privileged.forEach(removeContainer);
  database.cleanup();
  run("rm", "-rf", backupDir);
});

function out(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: "utf8" }).trim();
}

async function finished(r: { ok: boolean; operationId?: string; fieldErrors?: Record<string, string> }) {
  if (!r.ok || !r.operationId) throw new Error(`refused: ${JSON.stringify(r.fieldErrors)}`);
  return getOperation(r.operationId)!.finished;
}

/** Backs `name` up, destroys it, restores the archive under the same name. */
async function roundTrip(name: string): Promise<void> {
  const backup = `${name}-meta`;
  expect(await finished(await startBackup(who, name, { name: backup }))).toMatchObject({ outcome: "ok" });
  removeContainer(name);
  expect(existsSync(path.join(lxcPath(), name))).toBe(false);
  expect(await finished(await startRestore(who, { backup, newName: name }))).toMatchObject({ outcome: "ok", container: name });
}

describe("an unprivileged container's backup", () => {
  it("keeps extended attributes, file capabilities and ACLs", async () => {
    const name = containers.create(false);
    const srv = path.join(lxcPath(), name, "rootfs", "srv");
    run("mkdir", "-p", srv);
    const tagged = path.join(srv, "tagged");
    const capped = path.join(srv, "capped");
    const shared = path.join(srv, "shared");
    writeFileSync(tagged, "tagged\n");
    writeFileSync(shared, "shared\n");
    copyFileSync(path.join(lxcPath(), name, "rootfs", "bin", "busybox"), capped);
    // Owned as the container's root and its user 1000 are on this host.
    run("chown", "100000:100000", srv, tagged, capped);
    run("chown", "101000:101000", shared);
    run("setfattr", "-n", "user.origin", "-v", "backup-test", tagged);
    run("setcap", "cap_net_bind_service=ep", capped);
    run("setfacl", "-m", "u:101001:r", shared);

    const read = () => ({
      xattr: out("getfattr", ["--absolute-names", "--only-values", "-n", "user.origin", tagged]),
      cap: out("getcap", [capped]).split(/\s+/).slice(1).join(" "),
      acl: out("getfacl", ["--absolute-names", "--omit-header", "--numeric", shared]),
    });
    const before = read();
    expect(before).toMatchObject({ xattr: "backup-test", cap: "cap_net_bind_service=ep", acl: expect.stringContaining("user:101001:r--") });

    await roundTrip(name);
    const after = read();
    expect(after.xattr).toBe(before.xattr);
    expect(after.acl).toBe(before.acl);
    // Written from inside the user namespace, the capability is stored for the container's root (a v3 capability)
    // and is the same capability there: getcap on the host shows it with that root's id.
    expect(after.cap).toMatch(/^cap_net_bind_service=ep(\s*\[rootid=100000\])?$/);
    expect(out("stat", ["-c", "%u:%g", shared])).toBe("101000:101000");
  });
});

describe("a privileged container's backup", () => {
  it("keeps the device nodes in its /dev", async () => {
    const name = uniqueName("bkp");
    privileged.push(name);
    run("lxc-create", "-n", name, "-t", "busybox");
    const dev = path.join(lxcPath(), name, "rootfs", "dev");
    run("mkdir", "-p", dev);
    const node = path.join(dev, "lxcd-test-null");
    run("mknod", "-m", "666", node, "c", "1", "3");
    const before = out("stat", ["-c", "%F %t:%T %a %u:%g", node]);
    expect(before).toBe("character special file 1:3 666 0:0");

    await roundTrip(name);
    expect(out("stat", ["-c", "%F %t:%T %a %u:%g", node])).toBe(before);
  });
});
