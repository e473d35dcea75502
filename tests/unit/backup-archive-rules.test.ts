import { describe, expect, it } from "vitest";
import { ArchiveRules, normalMemberPath } from "@/server/backups/archive-rules";
import { rewriteConfig } from "@/server/backups/rewrite-config";
import { checkpointBytes, tarCreateArgv, tarExtractArgv } from "@/server/backups/tar-argv";
import { backupNameSchema, defaultBackupName } from "@/lib/backup-schemas";

const file = (path: string, extra: Partial<Parameters<ArchiveRules["check"]>[0]> = {}) => ({ path, type: "File", size: 10, uid: 0, gid: 0, ...extra });

/** Rules past the head (manifest.json, config, rootfs/), for an unprivileged archive unless told. */
function rules(privileged = false): ArchiveRules {
  const r = new ArchiveRules({ privileged, idLimit: privileged ? null : 65536 });
  for (const m of [file("manifest.json"), file("config"), { path: "rootfs/", type: "Directory", size: 0 }]) expect(r.check(m)).toBeNull();
  return r;
}

describe("member paths", () => {
  it.each([
    ["rootfs/./etc/", "rootfs/etc"],
    ["rootfs//a", "rootfs/a"],
    ["/etc/x", null],
    ["rootfs/../../etc/x", null],
    ["..", null],
    ["", null],
    ["rootfs/a\\..\\b", null],
  ])("%j → %j", (raw, normal) => expect(normalMemberPath(raw)).toBe(normal));
});

describe("archive rules", () => {
  it("wants manifest.json, then config, first", () => {
    expect(new ArchiveRules({ privileged: false, idLimit: 65536 }).check(file("config"))).toMatch(/does not start with manifest.json and config/);
    const r = new ArchiveRules({ privileged: false, idLimit: 65536 });
    r.check(file("manifest.json"));
    expect(r.check(file("rootfs/x"))).toMatch(/does not start with manifest.json and config/);
  });

  it("refuses what would land outside the container, naming the member", () => {
    const r = rules();
    expect(r.check(file("etc/passwd"))).toBe('"etc/passwd" is outside rootfs/');
    expect(r.check(file("rootfs/../x"))).toMatch(/"rootfs\/\.\.\/x" is an absolute path or climbs out/);
    expect(r.check({ path: "rootfs/l", type: "Link", linkpath: "/etc/shadow", size: 0 })).toMatch(/hard link "rootfs\/l" points outside/);
    expect(r.check({ path: "rootfs/l", type: "Link", linkpath: "rootfs/not-yet", size: 0 })).toMatch(/points outside/);
    expect(r.check({ path: "rootfs/up", type: "SymbolicLink", linkpath: "/etc", size: 0 })).toBeNull();
    expect(r.check(file("rootfs/up/cron.d/x"))).toBe('"rootfs/up/cron.d/x" lies below the symbolic link "rootfs/up"');
  });

  it("allows a hard link to a file before it, and a symbolic link replaced by a directory", () => {
    const r = rules();
    expect(r.check(file("rootfs/a"))).toBeNull();
    expect(r.check({ path: "rootfs/b", type: "Link", linkpath: "rootfs/a", size: 0 })).toBeNull();
    expect(r.check({ path: "rootfs/d", type: "SymbolicLink", linkpath: "/x", size: 0 })).toBeNull();
    expect(r.check({ path: "rootfs/d", type: "Directory", size: 0 })).toBeNull();
    expect(r.check(file("rootfs/d/x"))).toBeNull();
  });

  it("allows device nodes only in rootfs/dev of a privileged container", () => {
    expect(rules(false).check({ path: "rootfs/dev/null", type: "CharacterDevice", size: 0 })).toMatch(/device node where none belongs/);
    expect(rules(true).check({ path: "rootfs/dev/null", type: "CharacterDevice", size: 0 })).toBeNull();
    expect(rules(true).check({ path: "rootfs/tmp/sda", type: "BlockDevice", size: 0 })).toMatch(/device node where none belongs/);
  });

  it("refuses owners outside an unprivileged container's ids; counts what it unpacks to", () => {
    const r = rules();
    expect(r.check(file("rootfs/x", { uid: 65536 }))).toBe(`"rootfs/x" has owner 65536, outside the container's 65536 ids`);
    expect(r.check(file("rootfs/y", { gid: 70000 }))).toMatch(/has group 70000/);
    expect(r.check(file("rootfs/ok", { uid: 65535, gid: 1000, size: 1000 }))).toBeNull();
    expect(r.contentBytes).toBe(512 + (1000 + 512));
    expect(r.check({ path: "rootfs/s", type: "GNUDumpDir", size: 0 })).toMatch(/GNUDumpDir entry/);
  });
});

describe("the restored container's config", () => {
  const source = [
    "lxc.include = /usr/share/lxc/config/common.conf",
    "lxc.idmap = u 0 300000 65536",
    "lxc.idmap = g 0 300000 65536",
    "lxc.rootfs.path = dir:/srv/lxc/web/rootfs",
    "lxc.uts.name = web",
    "lxc.net.0.type = veth",
    "lxc.net.0.hwaddr = 00:16:3e:aa:bb:cc",
    "lxc.mount.fstab = /srv/lxc/web/fstab",
    "lxc.log.file = /srv/lxc/web2/log",
    "",
  ].join("\n");

  it("gets the new name, paths, idmap and MAC; every other line stays", () => {
    const out = rewriteConfig(source, {
      oldDir: "/srv/lxc/web",
      newDir: "/var/lib/lxc/copy",
      newName: "copy",
      idmap: [
        { kind: "u", containerId: 0, hostId: 100000, count: 65536 },
        { kind: "g", containerId: 0, hostId: 100000, count: 65536 },
      ],
      newMac: () => "00:16:3e:01:02:03",
    });
    expect(out).toBe(
      [
        "lxc.include = /usr/share/lxc/config/common.conf",
        "lxc.idmap = u 0 100000 65536",
        "lxc.idmap = g 0 100000 65536",
        "lxc.rootfs.path = dir:/var/lib/lxc/copy/rootfs",
        "lxc.uts.name = copy",
        "lxc.net.0.type = veth",
        "lxc.net.0.hwaddr = 00:16:3e:01:02:03",
        "lxc.mount.fstab = /var/lib/lxc/copy/fstab",
        // Another container's directory that merely starts alike is left alone.
        "lxc.log.file = /srv/lxc/web2/log",
        "",
      ].join("\n"),
    );
  });

  it("adds the idmap when the source had none written, and drops it for a privileged one", () => {
    const plain = "lxc.uts.name = web\n";
    expect(rewriteConfig(plain, { oldDir: "/a/web", newDir: "/b/c", newName: "c", idmap: [{ kind: "u", containerId: 0, hostId: 100000, count: 65536 }] })).toBe(
      "lxc.uts.name = c\nlxc.idmap = u 0 100000 65536\n",
    );
    expect(rewriteConfig(source, { oldDir: "/srv/lxc/web", newDir: "/b/c", newName: "c", idmap: null })).not.toContain("lxc.idmap");
  });
});

describe("tar's command lines and names", () => {
  it("keeps owners, xattrs and ACLs both ways, and reports progress in records", () => {
    for (const argv of [tarCreateArgv("/r"), tarExtractArgv("/d")]) {
      expect(argv).toEqual(expect.arrayContaining(["--numeric-owner", "--xattrs", "--xattrs-include=*", "--acls", "--use-compress-program=zstd -T0"]));
    }
    expect(tarExtractArgv("/d")).toEqual(expect.arrayContaining(["--same-owner", "--same-permissions", "-C", "/d", "rootfs"]));
    expect(checkpointBytes("tar: 100")).toBe(1_024_000);
    expect(checkpointBytes("tar: Removing leading '/'")).toBeNull();
  });

  it("names a backup after its container and UTC time; refuses names that are paths", () => {
    expect(defaultBackupName("web", new Date("2026-12-01T03:04:05Z"))).toBe("web-20261201-030405");
    for (const bad of ["../x", "a/b", ".hidden", "", "a..b", "x".repeat(121)]) expect(backupNameSchema.safeParse(bad).success).toBe(false);
    expect(backupNameSchema.safeParse("web-20261201-030405-s3").success).toBe(true);
  });
});
