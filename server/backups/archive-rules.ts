/**
 * What a backup archive may hold, member by member, checked before anything
 * of it is written: manifest.json, config, then everything under rootfs/ —
 * relative paths without '..', hard links only to members before them,
 * nothing below a symbolic link, device nodes only in rootfs/dev of a
 * privileged container, and for an unprivileged one only owners inside the
 * container's id range. Symbolic links' targets are the container's own
 * business (they resolve inside it, as absolute ones do in every rootfs).
 */

export interface ArchiveMember {
  path: string;
  type: string;
  linkpath?: string;
  size: number;
  uid?: number;
  gid?: number;
}

export interface ArchiveRulesOptions {
  /** A privileged container's archive: device nodes may be in rootfs/dev. */
  privileged: boolean;
  /** For an unprivileged one: owners must be below this (the container's id count). */
  idLimit: number | null;
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
const ALLOWED_TYPES = new Set([...FILE_TYPES, "Directory", "SymbolicLink", "Link", "FIFO", "CharacterDevice", "BlockDevice"]);
const HEAD = ["manifest.json", "config"] as const;

/** "rootfs/./etc/" → "rootfs/etc"; null when the path is absolute, climbs with '..', or is empty. */
export function normalMemberPath(raw: string): string | null {
  if (raw === "" || raw.startsWith("/") || raw.includes("\0") || raw.includes("\\")) return null;
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0 || parts.includes("..")) return null;
  return parts.join("/");
}

const quote = (p: string) => JSON.stringify(p);

export class ArchiveRules {
  private index = 0;
  private readonly files = new Set<string>();
  private readonly symlinks = new Set<string>();
  /** Bytes the members take unpacked (sizes plus a block of metadata each). */
  contentBytes = 0;
  members = 0;

  constructor(private readonly options: ArchiveRulesOptions) {}

  /** The reason this member is refused, or null. Call in archive order. */
  check(member: ArchiveMember): string | null {
    const at = this.index++;
    const path = normalMemberPath(member.path);
    if (path === null) return `${quote(member.path)} is an absolute path or climbs out with '..'`;
    if (at < HEAD.length) {
      return path === HEAD[at] && FILE_TYPES.has(member.type) ? null : `the archive does not start with manifest.json and config (found ${quote(path)})`;
    }
    if (path !== "rootfs" && !path.startsWith("rootfs/")) return `${quote(path)} is outside rootfs/`;
    if (!ALLOWED_TYPES.has(member.type)) return `${quote(path)} is a ${member.type} entry, which a rootfs does not hold`;
    if (path === "rootfs" && member.type !== "Directory") return "rootfs is not a directory";
    const through = this.symlinkAbove(path);
    if (through) return `${quote(path)} lies below the symbolic link ${quote(through)}`;
    const owner = this.ownerProblem(member, path);
    if (owner) return owner;

    if (member.type === "Link") {
      const target = normalMemberPath(member.linkpath ?? "");
      if (target === null || !this.files.has(target)) return `the hard link ${quote(path)} points outside the archive (${quote(member.linkpath ?? "")})`;
    }
    if (member.type === "CharacterDevice" || member.type === "BlockDevice") {
      if (!this.options.privileged || !path.startsWith("rootfs/dev/")) return `${quote(path)} is a device node where none belongs`;
    }
    if (member.type === "SymbolicLink") this.symlinks.add(path);
    else this.symlinks.delete(path);
    if (FILE_TYPES.has(member.type) || member.type === "Link") this.files.add(path);
    this.members++;
    this.contentBytes += member.size + 512;
    return null;
  }

  /** Whether manifest.json and config have come. */
  get headSeen(): boolean {
    return this.index >= HEAD.length;
  }

  private symlinkAbove(path: string): string | null {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (this.symlinks.has(prefix)) return prefix;
    }
    return null;
  }

  private ownerProblem(member: ArchiveMember, path: string): string | null {
    const limit = this.options.idLimit;
    if (limit === null) return null;
    for (const [what, id] of [["owner", member.uid], ["group", member.gid]] as const) {
      if (id !== undefined && (id < 0 || id >= limit)) return `${quote(path)} has ${what} ${id}, outside the container's ${limit} ids`;
    }
    return null;
  }
}
