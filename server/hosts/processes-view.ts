import { incusNameProblem } from "@/lib/container-name";
import { processTotals, type HostContainerProcessesResponse, type ProcessRow } from "@/lib/process-types";
import { ContainerNotFound, InvalidName } from "../lxc/errors";
import { readContainerProcesses } from "../processes/procfs/container-processes";
import { HostNotFound } from "./detail-view";
import { runInContainer } from "./exec-output";
import { incusPaths, withProject } from "./incus-paths";
import { hostEntry } from "./registry";

/** ps as both busybox's and procps's take it: every process, these columns. */
export const PS_INSIDE = ["sh", "-c", "ps -A -o pid,ppid,user,stat,rss,args 2>/dev/null || ps -o pid,ppid,user,stat,rss,args"];

/** Rows of `ps -o pid,ppid,user,stat,rss,args` (a header line first; RSS in KiB, busybox may say "12m"). */
export function parsePsOutput(text: string): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const line of text.split("\n").slice(1)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid, ppid, user, stat, rss, args] = m;
    const rssKiB = /^\d+$/.test(rss!) ? Number(rss) : /^(\d+)m$/.test(rss!) ? Number(rss!.slice(0, -1)) * 1024 : 0;
    rows.push({
      hostPid: Number(pid),
      pid: Number(pid),
      hostPpid: Number(ppid),
      ppid: Number(ppid),
      hostUid: -1,
      uid: user === "root" ? 0 : null,
      user: user!,
      hostGid: -1,
      gid: null,
      state: stat!.charAt(0),
      cpuPercent: 0,
      rssBytes: rssKiB * 1024,
      threads: 1,
      startTime: 0,
      command: args!.trim(),
    });
  }
  return rows;
}

/**
 * An Incus container's Processes tab. On this machine, from /proc by its
 * init PID (the store has it from the instance state), exactly as a classic
 * container's; on a remote host, `ps` inside the container, saying so.
 */
export async function hostContainerProcesses(target: string, name: string): Promise<HostContainerProcessesResponse> {
  const problem = incusNameProblem(name);
  if (problem) throw new InvalidName(problem);
  const entry = await hostEntry(target);
  if (!entry) throw new HostNotFound(target);
  const row = entry.store.get(name);
  if (!row) throw new ContainerNotFound(name);
  const local = entry.record.transport === "socket";
  const sourceNote = local
    ? `Read from this machine's /proc (init PID ${row.pid ?? "—"}), as for a classic container.`
    : `Read by running ps inside the container on ${target} (Incus exec): ids are the container's own; CPU% is not measured.`;
  const base = { source: local ? ("proc" as const) : ("ps-inside" as const), sourceNote };
  if (row.state !== "RUNNING" && row.state !== "FROZEN") return { running: false, processes: [], ...base };
  if (local) {
    if (row.pid === null) return { running: false, processes: [], ...base };
    const processes = await readContainerProcesses(row.pid);
    return { running: true, processes, totals: processTotals(processes), ...base };
  }
  const out = await runInContainer(entry.record.endpoint, withProject(incusPaths.instanceExec(name), entry.record.project), PS_INSIDE);
  const processes = parsePsOutput(out.stdout);
  return { running: true, processes, totals: processTotals(processes), ...base };
}
