import { PROCESS_SIGNALS, type ProcessSignal } from "@/lib/process-types";
import { processStartTimeMs } from "./boot-time";
import { pidNamespaceOf } from "./container-processes";
import { ContainerNotRunning, SignalRefused } from "./errors";
import { parseProcStat } from "./parse-stat";
import { DEFAULT_PROC_ROOT, listPids, readProcText } from "./proc-files";
import { commandLine, readProcessStatus } from "./read-process";

// The signals live in lib/ so the Processes tab offers exactly these.
export { PROCESS_SIGNALS, type ProcessSignal };

/**
 * The process to signal, by its PID inside the container or on the host.
 * startTime is the row's startTime as the admin saw it: when given, a PID
 * since reused by another process is refused.
 */
export type SignalTarget = { pid: number; startTime?: number } | { hostPid: number; startTime?: number };

/** What was signalled. */
export interface SignalledProcess {
  hostPid: number;
  pid: number;
  signal: ProcessSignal;
  command: string;
}

function noSuchProcess(what: string): SignalRefused {
  return new SignalRefused("no-such-process", `No process ${what} is running in this container.`);
}

/** A positive PID: 0 and negatives would make kill(2) signal whole process groups or everything. */
function isPid(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

function hostPidOfInsidePid(procRoot: string, namespace: string, pid: number): number | null {
  for (const hostPid of listPids(procRoot)) {
    if (pidNamespaceOf(procRoot, hostPid) !== namespace) continue;
    if (readProcessStatus(procRoot, hostPid)?.nspid.at(-1) === pid) return hostPid;
  }
  return null;
}

/**
 * Sends SIGTERM or SIGKILL to one process of a container, after checking,
 * right before the kill, that the host PID is in the PID namespace of the
 * container's init, is not init itself, and (with startTime) is still the
 * process the admin saw. Throws SignalRefused, with nothing signalled, when
 * not. What remains unguarded is the microseconds between the check and
 * kill(2): Node has no pidfd_send_signal, and a PID would have to be freed and
 * reused within that window.
 *
 * The same kill(2) serves the non-root mode: a regular user's containers live
 * in user namespaces that user created, and the kernel gives a namespace's
 * creator CAP_KILL over every process in it (and in namespaces nested below),
 * whatever subordinate uid it runs as. Signalling from a new namespace made by
 * lxc-usernsexec would not do: that namespace is a sibling of the container's,
 * so only processes running as the one uid mapped to its root could be reached
 * (tests/integration/proc-signal-nonroot.test.ts signals uid 1000 inside).
 */
export function signalContainerProcess(
  initPid: number,
  target: SignalTarget,
  signal: ProcessSignal,
  options: { procRoot?: string } = {},
): SignalledProcess {
  const procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
  if (!PROCESS_SIGNALS.includes(signal)) throw new TypeError(`Unsupported signal: ${String(signal)}.`);
  const namespace = isPid(initPid) ? pidNamespaceOf(procRoot, initPid) : null;
  if (!namespace) throw new ContainerNotRunning(initPid);

  const asked = "hostPid" in target ? `with host PID ${target.hostPid}` : `with PID ${target.pid}`;
  const id = "hostPid" in target ? target.hostPid : target.pid;
  if (!isPid(id)) throw noSuchProcess(asked);
  const hostPid = "hostPid" in target ? target.hostPid : hostPidOfInsidePid(procRoot, namespace, target.pid);
  if (hostPid === null) throw noSuchProcess(asked);

  const processNamespace = pidNamespaceOf(procRoot, hostPid);
  if (processNamespace === null) throw noSuchProcess(asked);
  if (processNamespace !== namespace) {
    throw new SignalRefused("not-in-container", `Process ${asked} is not in this container.`);
  }
  const stat = parseProcStat(readProcText(`${procRoot}/${hostPid}/stat`) ?? "");
  const status = readProcessStatus(procRoot, hostPid);
  const cmdline = readProcText(`${procRoot}/${hostPid}/cmdline`);
  if (!stat || !status || cmdline === null) throw noSuchProcess(asked);
  if (target.startTime !== undefined && processStartTimeMs(procRoot, stat.startTicks) !== target.startTime) {
    throw new SignalRefused("process-replaced", `Process ${asked} has exited; its PID now belongs to another process.`);
  }
  const pid = status.nspid.at(-1)!;
  if (pid === 1) {
    throw new SignalRefused("container-init", "This is the container's init; stop the container instead.");
  }

  try {
    process.kill(hostPid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") throw noSuchProcess(asked);
    throw error;
  }
  return { hostPid, pid, signal, command: commandLine(cmdline, stat.comm) };
}
