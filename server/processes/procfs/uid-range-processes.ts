import { uidInRange, type UidRange } from "@/lib/uid-range";
import { DEFAULT_PRIME_MS, pidNamespaceOf } from "./container-processes";
import type { ProcStatus } from "./parse-status";
import { DEFAULT_PROC_ROOT, listPids } from "./proc-files";
import { readContainerIdentity, toProcessRow, type ContainerIdentity } from "./process-rows";
import { sharedProcessSampler } from "./process-sampler";
import {
  measureCpu,
  READ_BATCH,
  readProcessSnapshot,
  readProcessStatus,
  yieldToEventLoop,
  type ProcessSnapshot,
} from "./read-process";
import type { ContainerRef, HostProcessRow, ReadProcessesOptions } from "./types";

/**
 * Whether `top -U uid` would show the process, for any uid of the ranges:
 * top's -U matches the real, effective, saved or filesystem uid (its -u only
 * the effective one).
 */
export function matchesUidRanges(status: ProcStatus, ranges: readonly UidRange[]): boolean {
  const { real, effective, saved, filesystem } = status.uid;
  return ranges.some((range) => [real, effective, saved, filesystem].some((uid) => uidInRange(uid, range)));
}

/**
 * The host view: what `top -U <uid>` shows, for every uid of the ranges — all
 * processes running as one of those uids — each labelled with the running
 * container whose PID namespace holds it, or null ("no container").
 */
export async function readProcessesByUidRanges(
  ranges: readonly UidRange[],
  containers: readonly ContainerRef[],
  options: ReadProcessesOptions = {},
): Promise<HostProcessRow[]> {
  const { procRoot = DEFAULT_PROC_ROOT, sampler = sharedProcessSampler(), primeMs = DEFAULT_PRIME_MS } = options;
  const containerByNamespace = new Map<string, ContainerRef>();
  for (const container of containers) {
    const namespace = pidNamespaceOf(procRoot, container.initPid);
    if (namespace) containerByNamespace.set(namespace, container);
  }

  const listing = { atMs: sampler.now(), pids: listPids(procRoot) };
  const snapshots: ProcessSnapshot[] = [];
  const namespaces = new Map<number, string | null>();
  for (const [index, pid] of listing.pids.entries()) {
    if (index % READ_BATCH === READ_BATCH - 1) await yieldToEventLoop();
    const status = readProcessStatus(procRoot, pid);
    if (!status || !matchesUidRanges(status, ranges)) continue;
    const snapshot = readProcessSnapshot(procRoot, pid, sampler.now, status);
    if (!snapshot) continue;
    snapshots.push(snapshot);
    namespaces.set(pid, pidNamespaceOf(procRoot, pid));
  }
  const measured = await measureCpu(snapshots, listing, sampler, procRoot, primeMs);

  const identities = new Map<string, ContainerIdentity | null>();
  const identityOf = (container: ContainerRef) => {
    if (!identities.has(container.name)) identities.set(container.name, readContainerIdentity(procRoot, container.initPid));
    return identities.get(container.name) ?? null;
  };
  // A parent outside the uid ranges can still share the namespace; read it when needed.
  const statusByPid = new Map<number, ProcStatus | null>(measured.map((p) => [p.hostPid, p.status]));
  const parentStatus = (ppid: number) => {
    if (!statusByPid.has(ppid)) statusByPid.set(ppid, readProcessStatus(procRoot, ppid));
    return statusByPid.get(ppid) ?? null;
  };
  return measured.map((p) => {
    const namespace = namespaces.get(p.hostPid);
    const container = (namespace && containerByNamespace.get(namespace)) || null;
    const row = toProcessRow(p, container && identityOf(container), parentStatus(p.stat.ppid), procRoot);
    return { ...row, container: container?.name ?? null };
  });
}
