// Backups in non-root mode: a regular user prepared by scripts/setup-user.sh
// owns an unprivileged busybox container in its ~/.local/share/lxc; the
// backup and the restore run as that user (compiled, with plain node through
// runuser, as the dashboard would), tar inside lxc-usernsexec with the
// user's own subordinate range, so every owner survives — a file of uid 1000
// inside is the user's subuid + 1000 on the host, before and after — and
// the restored copy starts.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileHelperForOthers } from "../helpers/staged-app";
import { treeListing } from "./backup-helpers";
import { prepareNonRootUser, type NonRootUser } from "./non-root-user";

const NAME = `t-bknr-${randomBytes(3).toString("hex")}`;
const COPY = `${NAME}-copy`;
let testUser: NonRootUser | undefined;
let helper: Awaited<ReturnType<typeof compileHelperForOthers>> | undefined;
let work = "";

beforeAll(async () => {
  helper = await compileHelperForOthers("tests/integration/backup-as-user.ts");
  testUser = await prepareNonRootUser("lxcbk");
  const { lxcAsUser, home, uid, gid } = testUser;
  work = mkdtempSync(path.join(tmpdir(), "lxcd-bknr-"));
  for (const dir of ["data", "backups"]) {
    mkdirSync(path.join(work, dir));
    chownSync(path.join(work, dir), uid, gid);
  }
  execFileSync("chmod", ["755", work]);
  lxcAsUser("lxc-create", ["-n", NAME, "-t", "busybox", "-f", path.join(home, ".config/lxc/default.conf")]);
}, 300_000);

afterAll(async () => {
  // Stops and destroys the user's containers, then removes the user and all setup-user.sh made.
  await testUser?.cleanUp();
  helper?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
}, 300_000);

describe("a backup and a restore as the non-root dashboard user", () => {
  it("keeps every owner on the user's subordinate range, and the copy starts", () => {
    const user = testUser!;
    const rootfs = path.join(user.lxcpath, NAME, "rootfs");
    // A file of uid/gid 1000 inside the container: the user's subuid + 1000 on the host.
    mkdirSync(path.join(rootfs, "home", "app"), { recursive: true });
    writeFileSync(path.join(rootfs, "home", "app", "notes"), "kept\n", { mode: 0o600 });
    execFileSync("chown", ["-R", `${user.subuid + 1000}:${user.subuid + 1000}`, path.join(rootfs, "home", "app")]);
    const before = treeListing(rootfs);
    expect(before).toContainEqual(`home/app/notes ${user.subuid + 1000} ${user.subuid + 1000} 600 f 5`);

    const r = spawnSync(
      "runuser",
      [
        "-u", user.user, "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOME=${user.home}`,
        `DATA_DIR=${path.join(work, "data")}`, `BACKUP_DIR=${path.join(work, "backups")}`, `LXC_LXCPATH=${user.lxcpath}`,
        process.execPath, helper!.file, JSON.stringify([NAME, COPY]),
      ],
      { cwd: "/", encoding: "utf8", timeout: 240_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { uid: number; sha256: string; backup: string[]; restore: string[] };
    expect(out.uid).toBe(user.uid);
    const map = ["-m", `u:0:${user.subuid}:65536`, "-m", `g:0:${user.subuid}:65536`, "--"];
    expect(out.backup.slice(0, 6)).toEqual(["lxc-usernsexec", ...map]);
    expect(out.restore.slice(0, 6)).toEqual(["lxc-usernsexec", ...map]);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect(treeListing(path.join(user.lxcpath, COPY, "rootfs"))).toEqual(before);
    user.lxcAsUser("lxc-start", ["-n", COPY, "-d"]);
    user.lxcAsUser("lxc-wait", ["-n", COPY, "-s", "RUNNING", "-t", "30"]);
    expect(user.lxcAsUser("lxc-attach", ["-n", COPY, "--clear-env", "--", "stat", "-c", "%u %g %a", "/home/app/notes"]).trim()).toBe("1000 1000 600");
  });
});
