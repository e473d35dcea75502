import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { listPids, readProcLink, readProcText } from "../processes/procfs/proc-files";
import type { RunningContainer } from "./types";

/**
 * Which containers of an lxcpath run, and their init PIDs, without spawning
 * anything: every running container has an LXC monitor process titled
 * "[lxc monitor] LXCPATH NAME" whose child is the container's init. Only a
 * monitor of this user in this PID namespace counts (a container cannot pass
 * off one of its own processes as another container's monitor).
 *
 * The server's sampler takes running containers from the live state store
 * (server/live); this is the default for a sampler of another lxcpath (tests,
 * benchmarks), where no store runs.
 */
export function scanRunningContainers(lxcpath: string, procRoot = "/proc"): RunningContainer[] {
  const prefix = `[lxc monitor] ${lxcpath} `;
  const ownNs = readProcLink(`${procRoot}/self/ns/pid`);
  const uid = process.getuid?.() ?? 0;
  const found: RunningContainer[] = [];
  for (const pid of listPids(procRoot)) {
    const head = readProcText(`${procRoot}/${pid}/cmdline`, prefix.length);
    if (head !== prefix) continue;
    const title = readProcText(`${procRoot}/${pid}/cmdline`, 4096 + 256);
    const name = title?.slice(prefix.length).replace(/[\0\s]+$/, "");
    if (!name || name.includes(" ")) continue;
    if (readProcLink(`${procRoot}/${pid}/ns/pid`) !== ownNs || !ownedBy(`${procRoot}/${pid}`, uid)) continue;
    const children = (readProcText(`${procRoot}/${pid}/task/${pid}/children`) ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
    const initPid = children[0];
    if (initPid !== undefined) found.push({ name, initPid });
  }
  return found;
}

function ownedBy(dir: string, uid: number): boolean {
  try {
    return statSync(dir).uid === uid;
  } catch {
    return false;
  }
}

/** The names of the containers in an lxcpath (directories with a config file), as LXC itself finds them. */
export function existingContainers(lxcpath: string): string[] {
  try {
    return readdirSync(lxcpath, { withFileTypes: true })
      .filter((e) => e.isDirectory() && statSafe(path.join(lxcpath, e.name, "config")))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
