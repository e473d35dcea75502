import { ContainerNotRunning } from "./errors";
import { DEFAULT_PROC_ROOT, listPids, readProcLink } from "./proc-files";
import { readContainerIdentity, toProcessRow } from "./process-rows";
import { sharedProcessSampler } from "./process-sampler";
import { measureCpu, READ_BATCH, readProcessSnapshot, yieldToEventLoop, type ProcessSnapshot } from "./read-process";
import type { ProcessRow, ReadProcessesOptions } from "./types";

/**
 * The wait for a baseline sample when a view opens: long enough for a busy
 * process to show (one 10 ms tick = 5%), short enough that the first frame
 * comes at once. Later refreshes measure against the previous one and never wait.
 */
export const DEFAULT_PRIME_MS = 200;

/** The target of /proc/PID/ns/pid, e.g. "pid:[4026532336]"; null when the process is gone. */
export function pidNamespaceOf(procRoot: string, hostPid: number): string | null {
  return readProcLink(`${procRoot}/${hostPid}/ns/pid`);
}

/**
 * The processes of a running container: every host process in the PID
 * namespace of its init (from `lxc-info -n NAME -pH`), with host and container
 * ids side by side. Processes in nested PID namespaces (a container inside
 * the container) are not included. Throws ContainerNotRunning when init has exited.
 */
export async function readContainerProcesses(initPid: number, options: ReadProcessesOptions = {}): Promise<ProcessRow[]> {
  const { procRoot = DEFAULT_PROC_ROOT, sampler = sharedProcessSampler(), primeMs = DEFAULT_PRIME_MS } = options;
  const namespace = pidNamespaceOf(procRoot, initPid);
  const identity = namespace && readContainerIdentity(procRoot, initPid);
  if (!identity) throw new ContainerNotRunning(initPid);

  const listing = { atMs: sampler.now(), pids: listPids(procRoot) };
  const snapshots: ProcessSnapshot[] = [];
  for (const [index, pid] of listing.pids.entries()) {
    if (index % READ_BATCH === READ_BATCH - 1) await yieldToEventLoop();
    if (pidNamespaceOf(procRoot, pid) !== namespace) continue;
    const snapshot = readProcessSnapshot(procRoot, pid, sampler.now);
    if (snapshot) snapshots.push(snapshot);
  }
  const measured = await measureCpu(snapshots, listing, sampler, procRoot, primeMs);
  // Every process of the namespace was read, so a parent missing here is outside it.
  const statusByPid = new Map(measured.map((p) => [p.hostPid, p.status]));
  return measured.map((p) => toProcessRow(p, identity, statusByPid.get(p.stat.ppid) ?? null, procRoot));
}
