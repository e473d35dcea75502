// Backups against real LXC, real GNU tar and zstd, and a real SQLite
// database: back up, destroy, restore (same files and owners, it starts and
// gets an address); crafted archives refused with nothing written; a backup
// killed with SIGKILL halfway listed nowhere. The test works in a directory
// of mode 0700, as a server started from a clone under /root does: tar runs
// as the container's mapped root, which cannot enter it (run-tool runs every
// tool in /).
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { craftArchive, treeListing } from "./backup-helpers";
import { eventually, removeContainer, run } from "./lxc-helpers";
import { addressOf, inside, stateOf, useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const backupDir = mkdtempSync(path.join(tmpdir(), "lxcd-backups-"));
const startedIn = process.cwd();
const closedCwd = mkdtempSync(path.join(tmpdir(), "lxcd-closed-cwd-")); // mode 0700
process.chdir(closedCwd);
process.env.BACKUP_DIR = backupDir;
const { startBackup, startRestore } = await import("@/server/backups/backup-service");
const { listBackups, removeStalePartials, archivePath } = await import("@/server/backups/backup-dir");
const { receiveUpload } = await import("@/server/backups/upload");
const { getOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("bk");

afterAll(() => {
  process.chdir(startedIn);
  containers.cleanup();
  database.cleanup();
  run("rm", "-rf", backupDir, closedCwd);
});

async function finished(r: { ok: boolean; operationId?: string; fieldErrors?: Record<string, string> }) {
  if (!r.ok || !r.operationId) throw new Error(`refused: ${JSON.stringify(r.fieldErrors)}`);
  return getOperation(r.operationId)!.finished;
}

describe("back up, destroy, restore", () => {
  const name = containers.create(true);

  it("is refused at its field while the container runs and no mode is chosen", async () => {
    expect(await startBackup(who, name, {})).toMatchObject({ ok: false, fieldErrors: { whileRunning: expect.stringContaining("is running") } });
    expect(await startBackup(who, name, { whileRunning: "stop", name: "../x" })).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
  });

  it("stops a running container for the copy and starts it again, with the exact commands in the audit row", async () => {
    const ended = await finished(await startBackup(who, name, { whileRunning: "stop", comment: "while running" }));
    expect(ended).toMatchObject({ outcome: "ok", message: expect.stringMatching(new RegExp(`^${name} backed up as ${name}-\\d{8}-\\d{6}$`)) });
    expect(stateOf(name)).toBe("RUNNING");
    const [listed] = await listBackups(name);
    const row = (await listAudit({ container: name })).find((r) => r.action === "backup");
    expect(row?.command).toMatch(
      new RegExp(`^lxc-stop .* && lxc-usernsexec -m u:0:100000:65536 -m g:0:100000:65536 -- tar --create .* > ${archivePath(listed!.name)} && lxc-start `),
    );
  });

  it("brings back the same files with the same owners; it starts and gets an address", async () => {
    inside(
      name,
      "echo alice:x:1000:1000::/home/alice:/bin/sh >> /etc/passwd && mkdir -p /home/alice && echo secret > /home/alice/notes && chown -R 1000:1000 /home/alice && chmod 600 /home/alice/notes",
    );
    inside(name, "mkdir -p /srv && echo served > /srv/index.html && ln -s /srv/index.html /root/link && ln /srv/index.html /srv/hard");
    run("lxc-stop", "-n", name, "-k");
    const rootfs = path.join(lxcPath(), name, "rootfs");
    const before = treeListing(rootfs);
    expect(before).toContainEqual("home/alice/notes 101000 101000 600 f 7");
    const ended = await finished(await startBackup(who, name, { name: `${name}-stopped`, comment: "before destroy" }));
    expect(ended).toMatchObject({ outcome: "ok" });

    const listed = (await listBackups(name)).find((b) => b.name === `${name}-stopped`);
    expect(listed).toMatchObject({ container: name, comment: "before destroy", sealed: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statSync(archivePath(listed!.name)).size).toBe(listed!.bytes);

    removeContainer(name);
    expect(existsSync(path.join(lxcPath(), name))).toBe(false);
    const restored = await finished(await startRestore(who, { backup: listed!.name, newName: name }));
    expect(restored).toMatchObject({ outcome: "ok", container: name, message: expect.stringContaining("restored") });
    expect(treeListing(rootfs)).toEqual(before);

    run("lxc-start", "-n", name, "-d");
    expect(await addressOf(name)).toMatch(/^10\.0\.3\./);
    expect(inside(name, "cat /home/alice/notes").trim()).toBe("secret");
    expect(inside(name, "stat -c '%u %U' /home/alice/notes").trim()).toBe("1000 alice");
    expect((await listAudit({ container: name })).find((r) => r.action === "restore backup")).toMatchObject({
      outcome: "ok",
      command: expect.stringContaining("tar --extract --file=-"),
    });
  });

  it("restores beside the source into a new name with its own address; a taken name is refused at its field", async () => {
    const [listed] = await listBackups(name);
    expect(await startRestore(who, { backup: listed!.name, newName: name })).toMatchObject({ ok: false, fieldErrors: { newName: expect.stringContaining("already exists") } });
    const copy = containers.name();
    expect(await finished(await startRestore(who, { backup: listed!.name, newName: copy }))).toMatchObject({ outcome: "ok" });
    run("lxc-start", "-n", copy, "-d");
    const [a, b] = await Promise.all([addressOf(name), addressOf(copy)]);
    expect(a).not.toBe(b);
    expect(inside(copy, "hostname").trim()).toBe(copy);
  });
});

describe("crafted archives", () => {
  const escapes: Array<[string, Parameters<typeof craftArchive>[1]]> = [
    ["a path climbing out with ..", [["../etc/x", "owned"]]],
    ["an absolute path", [["/etc/x", "owned"]]],
    ["a hard link to a host file", [["rootfs/shadow", "", "Link", "../../../etc/shadow"]]],
    ["a member below a symbolic link", [["rootfs/up", "", "SymbolicLink", "/etc"], ["rootfs/up/x", "owned"]]],
    ["a device node in an unprivileged container's rootfs", [["rootfs/dev/", "", "Directory"], ["rootfs/dev/sda", "", "BlockDevice"]]],
    ["a device node outside /dev", [["rootfs/tmp/mem", "", "CharacterDevice"]]],
    ["an owner outside the container's ids", [["rootfs/x", "owned", "File", undefined, 70000]]],
    ["a member outside rootfs/", [["etc/x", "owned"]]],
  ];

  it.each(escapes)("%s is refused in the directory, nothing written", async (_what, members) => {
    const target = containers.name();
    const file = path.join(backupDir, `crafted-${target}.tar.zst`);
    craftArchive(file, members);
    const offending = members.at(-1)![0].replace(/\/$/, "");
    const ended = await finished(await startRestore(who, { backup: `crafted-${target}`, newName: target }));
    expect(ended).toMatchObject({ outcome: "failed", message: expect.stringContaining("the archive was refused before anything was written") });
    // The reason names the member refused.
    expect(ended.message).toContain(JSON.stringify(offending));
    expect(existsSync(path.join(lxcPath(), target))).toBe(false);
    expect(existsSync("/etc/x")).toBe(false);
  });

  it("is refused on upload, and nothing stays in the directory", async () => {
    const file = path.join(tmpdir(), `crafted-upload-${process.pid}.tar.zst`);
    craftArchive(file, [["../etc/x", "owned"]]);
    const before = readdirSync(backupDir).sort();
    await expect(receiveUpload(createReadStream(file), { declaredBytes: statSync(file).size, fileName: "evil.tar.zst" })).rejects.toThrow(
      /refused before anything was written: "\.\.\/etc\/x"/,
    );
    expect(readdirSync(backupDir).sort()).toEqual(before);
    run("rm", "-f", file);
  });

  it("an upload bigger than the free space is refused before it is read", async () => {
    const file = path.join(tmpdir(), `crafted-big-${process.pid}.tar.zst`);
    craftArchive(file, []);
    await expect(receiveUpload(createReadStream(file), { declaredBytes: 2 ** 60, fileName: null })).rejects.toThrow(/backup directory has .* free/);
    run("rm", "-f", file);
  });
});

describe("an archive from a host whose subordinate range differs", () => {
  it("lands on this host's range: the same container ids, shifted host ids, the config's idmap rewritten", async () => {
    const target = containers.name();
    // Made where the container was mapped onto host ids 300000…; here root's range starts at 100000.
    craftArchive(
      path.join(backupDir, `moved-${target}.tar.zst`),
      [
        ["rootfs/home/", "", "Directory", undefined, 1000],
        ["rootfs/home/notes", "hello", "File", undefined, 1000],
        ["rootfs/root/", "", "Directory", undefined, 0],
      ],
      "elsewhere",
      300000,
    );
    const ended = await finished(await startRestore(who, { backup: `moved-${target}`, newName: target }));
    expect(ended).toMatchObject({ outcome: "ok" });
    const dir = path.join(lxcPath(), target);
    expect(treeListing(path.join(dir, "rootfs"))).toEqual(["home 101000 101000 755 d", "home/notes 101000 101000 644 f 5", "root 100000 100000 755 d"]);
    const config = readFileSync(path.join(dir, "config"), "utf8");
    expect(config).toContain("lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536");
    expect(config).not.toContain("300000");
    expect(config).toContain(`lxc.rootfs.path = dir:${dir}/rootfs`);
    expect(config).toContain(`lxc.uts.name = ${target}`);
  });
});

describe("a backup killed with SIGKILL halfway", () => {
  it("leaves nothing listed, and its partial file is removed at the next start", async () => {
    const name = containers.create(false);
    // Enough data that the backup is still writing when it is killed.
    run("dd", "if=/dev/urandom", `of=${path.join(lxcPath(), name, "rootfs", "root", "noise")}`, "bs=1M", "count=150", "status=none");
    const child = spawn("npx", ["tsx", path.join(import.meta.dirname, "backup-child.ts"), name], {
      cwd: startedIn, // the checkout, where npx finds tsx
      env: { ...process.env, BACKUP_DIR: backupDir },
      stdio: "ignore",
      detached: true,
    });
    const partial = await eventually(
      async () => readdirSync(backupDir).find((f) => f.startsWith(`.${name}-`) && f.endsWith(".partial") && statSync(path.join(backupDir, f)).size > 1_000_000),
      60_000,
      "the partial archive to grow",
    );
    process.kill(-child.pid!, "SIGKILL");
    expect(await listBackups(name)).toEqual([]);
    expect(readdirSync(backupDir)).toContain(partial);
    expect(await removeStalePartials()).toEqual([path.join(backupDir, partial)]);
    expect(readdirSync(backupDir).filter((f) => f.includes(name))).toEqual([]);
  });
});
