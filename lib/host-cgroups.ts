/** The cgroup hierarchies mounted on this host, from /proc/self/mountinfo. */

export interface CgroupMount {
  mountPoint: string;
  /** The directory of the hierarchy mounted there ("/" unless only a subtree is, as inside a container's cgroup namespace). */
  root: string;
  version: 1 | 2;
  /** v1: its controllers and named hierarchies ("cpu", "name=systemd"); v2: empty. */
  controllers: string[];
}

const V1_OPTIONS = new Set(["rw", "ro", "nosuid", "nodev", "noexec", "relatime", "clone_children", "noprefix", "xattr"]);

/** mountinfo escapes spaces and other bytes in paths as octal ("\040"). */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * mountinfo lines: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS".
 * A v1 hierarchy's controllers are in its super options ("rw,cpu,cpuacct").
 */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split("\n")) {
    const [left, right] = line.split(" - ");
    if (!left || !right) continue;
    const fields = left.split(" ");
    const root = unescape(fields[3] ?? "/");
    const mountPoint = fields[4];
    const [fstype, , superOptions = ""] = right.split(" ");
    if (!mountPoint) continue;
    if (fstype === "cgroup2") mounts.push({ mountPoint: unescape(mountPoint), root, version: 2, controllers: [] });
    if (fstype === "cgroup") {
      const controllers = superOptions.split(",").filter((o) => o !== "" && !V1_OPTIONS.has(o) && !o.startsWith("release_agent="));
      mounts.push({ mountPoint: unescape(mountPoint), root, version: 1, controllers });
    }
  }
  return mounts;
}
