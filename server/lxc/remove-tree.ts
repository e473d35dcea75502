import { readFile, rm } from "node:fs/promises";

/** A recursive remove must never walk into something mounted below the directory. */
export async function refuseMountsUnder(dir: string): Promise<void> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8");
  for (const line of mountinfo.split("\n")) {
    const mountPoint = line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    if (mountPoint && (mountPoint === dir || mountPoint.startsWith(`${dir}/`))) {
      throw new Error(`refusing to remove ${dir}: ${mountPoint} is mounted inside it`);
    }
  }
}

/** Removes a directory tree the dashboard made (a half-made container, a half-written snapshot), never crossing a mount. */
export async function removeTree(dir: string): Promise<void> {
  await refuseMountsUnder(dir);
  await rm(dir, { recursive: true, force: true });
}
