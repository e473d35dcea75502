import { readdirSync, readFileSync } from "node:fs";

/**
 * Host pids of the lxc-attach processes for `container` that this test
 * process started (node-pty's children): a shell's pty is gone once its pid
 * is not listed here.
 */
export function attachProcessesFor(container: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (argv[0]?.endsWith("lxc-attach") && argv.includes(container) && ppid === process.pid) pids.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}
