import { statfs } from "node:fs/promises";
import path from "node:path";
import { formatBytes } from "@/lib/format-units";
import { outcome, type Check } from "./check-context";

/** Below this a container create (a busybox one needs a few MiB, a Debian one ~500 MiB) is likely to fail. */
export const LOW_DISK_BYTES = 1024 ** 3;

/** statfs of the lxcpath, or of its nearest existing parent before the first container creates it. */
async function freeSpace(dir: string): Promise<{ at: string; free: number; total: number }> {
  for (let at = dir; ; at = path.dirname(at)) {
    const s = await statfs(at).catch(() => null);
    if (s) return { at, free: s.bavail * s.bsize, total: s.blocks * s.bsize };
    if (at === path.dirname(at)) throw new Error(`cannot stat any parent of ${dir}`);
  }
}

export const checkDisk: Check = async (ctx) => {
  const { at, free, total } = await freeSpace(ctx.lxcpath);
  const where = at === ctx.lxcpath ? ctx.lxcpath : `${ctx.lxcpath} (not created yet; measured at ${at})`;
  const found = `${formatBytes(free)} free of ${formatBytes(total)} in ${where}`;
  return free < LOW_DISK_BYTES
    ? outcome(ctx, "disk", { state: "wrong", found: `${found}: under ${formatBytes(LOW_DISK_BYTES)}, new containers may not fit`, essential: false })
    : outcome(ctx, "disk", { state: "ok", found, essential: false });
};
