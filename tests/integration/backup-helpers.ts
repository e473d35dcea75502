import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Header } from "tar";

/** Every file under a directory as the host sees it: path, owner, group, mode, size (sorted). */
export function treeListing(dir: string): string[] {
  return execFileSync("find", [dir, "-mindepth", "1", "-printf", "%P %U %G %m %y %s\\n"], { encoding: "utf8", maxBuffer: 64 << 20 })
    .trim()
    .split("\n")
    // A directory's size depends on how it was filled, not on what it holds.
    .map((l) => l.replace(/ d \d+$/, " d"))
    .sort();
}

type MemberType = "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice";

function member(path: string, content: string, type: MemberType = "File", linkpath?: string, owner = 0): Buffer {
  const data = Buffer.from(type === "File" ? content : "");
  const header = Buffer.alloc(512);
  const device = type === "CharacterDevice" || type === "BlockDevice" ? { devmaj: 8, devmin: 0 } : {};
  new Header({ path, mode: type === "Directory" ? 0o755 : 0o644, uid: owner, gid: owner, size: data.length, mtime: new Date(), type, linkpath, ...device }).encode(header, 0);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** A zstd archive shaped like a backup, with `members` after manifest.json, config and rootfs/ (crafted, for refusal tests). */
export function craftArchive(file: string, members: Array<Parameters<typeof member>>, container = "crafted", hostId = 100000): void {
  const manifest = {
    format: "lxc-dashboard-backup/1",
    container,
    createdAt: new Date().toISOString(),
    comment: "",
    lxcpath: "/var/lib/lxc",
    idmap: [
      { kind: "u", containerId: 0, hostId, count: 65536 },
      { kind: "g", containerId: 0, hostId, count: 65536 },
    ],
    ids: "container",
    rootfsBytes: 0,
    scheduleId: null,
  };
  const tar = Buffer.concat([
    member("manifest.json", JSON.stringify(manifest)),
    member("config", `lxc.uts.name = ${container}\nlxc.rootfs.path = dir:/var/lib/lxc/${container}/rootfs\nlxc.idmap = u 0 ${hostId} 65536\nlxc.idmap = g 0 ${hostId} 65536\n`),
    member("rootfs/", "", "Directory"),
    ...members.map((m) => member(...m)),
    Buffer.alloc(1024),
  ]);
  writeFileSync(file, execFileSync("zstd", ["-q", "-c"], { input: tar }));
}
