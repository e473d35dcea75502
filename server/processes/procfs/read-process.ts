import { setTimeout as sleep } from "node:timers/promises";
import { cpuPercent } from "./cpu-percent";
import { parseProcStat, type ProcStat } from "./parse-stat";
import { parseProcStatus, type ProcStatus } from "./parse-status";
import { readProcText } from "./proc-files";
import type { CpuSample, ProcessSampler } from "./process-sampler";

/** What one refresh reads about one process. */
export interface ProcessSnapshot {
  hostPid: number;
  stat: ProcStat;
  status: ProcStatus;
  command: string;
  sample: CpuSample;
}

export interface MeasuredProcess extends ProcessSnapshot {
  cpuPercent: number;
}

/** Reads stat with its CPU sample; null when the process is gone. */
function readStatSample(procRoot: string, hostPid: number, now: () => number) {
  const stat = parseProcStat(readProcText(`${procRoot}/${hostPid}/stat`) ?? "");
  if (!stat) return null;
  const sample: CpuSample = { hostPid, startTicks: stat.startTicks, cpuTicks: stat.utimeTicks + stat.stimeTicks, atMs: now() };
  return { stat, sample };
}

export function readProcessStatus(procRoot: string, hostPid: number): ProcStatus | null {
  return parseProcStatus(readProcText(`${procRoot}/${hostPid}/status`) ?? "");
}

/**
 * cmdline's NUL-separated arguments joined by spaces; "[comm]" when empty, as
 * ps shows it. Trailing NULs go first: programs that blank their argv to
 * rename themselves (busybox init) leave "init\0\0\0...".
 */
export function commandLine(cmdline: string, comm: string): string {
  const args = cmdline.replace(/\0+$/, "");
  return args.length > 0 ? args.replaceAll("\0", " ") : `[${comm}]`;
}

/**
 * Reads stat, status (unless the caller already has it) and cmdline of one
 * process; null when it exited at any point in between.
 */
export function readProcessSnapshot(
  procRoot: string,
  hostPid: number,
  now: () => number,
  knownStatus?: ProcStatus,
): ProcessSnapshot | null {
  const status = knownStatus ?? readProcessStatus(procRoot, hostPid);
  if (!status) return null;
  const read = readStatSample(procRoot, hostPid, now);
  if (!read) return null;
  const cmdline = readProcText(`${procRoot}/${hostPid}/cmdline`);
  if (cmdline === null) return null;
  return { hostPid, stat: read.stat, status, command: commandLine(cmdline, read.stat.comm), sample: read.sample };
}

/** Processes read between two yields to the event loop: a few ms of synchronous reads. */
export const READ_BATCH = 64;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * CPU% of each process against its baseline in the sampler. Processes with no
 * baseline are sampled again after primeMs (dropped if they exit meanwhile).
 * Records the new samples and the listing (every PID in /proc, and when it was taken).
 */
export async function measureCpu(
  snapshots: readonly ProcessSnapshot[],
  listing: { pids: readonly number[]; atMs: number },
  sampler: ProcessSampler,
  procRoot: string,
  primeMs: number,
): Promise<MeasuredProcess[]> {
  const baselines = new Map<number, CpuSample>();
  const unprimed: ProcessSnapshot[] = [];
  for (const snapshot of snapshots) {
    const baseline = sampler.baselineFor(snapshot.sample);
    if (baseline) baselines.set(snapshot.hostPid, baseline);
    else unprimed.push(snapshot);
  }
  let live = snapshots;
  if (unprimed.length > 0) {
    for (const snapshot of unprimed) baselines.set(snapshot.hostPid, snapshot.sample);
    await sleep(primeMs);
    const unprimedPids = new Set(unprimed.map((s) => s.hostPid));
    live = snapshots.flatMap((snapshot) => {
      if (!unprimedPids.has(snapshot.hostPid)) return [snapshot];
      const read = readStatSample(procRoot, snapshot.hostPid, sampler.now);
      return read && read.stat.startTicks === snapshot.stat.startTicks ? [{ ...snapshot, ...read }] : [];
    });
  }
  const measured = live.map((snapshot): MeasuredProcess => {
    const baseline = baselines.get(snapshot.hostPid)!;
    const elapsedMs = snapshot.sample.atMs - baseline.atMs;
    return { ...snapshot, cpuPercent: cpuPercent(snapshot.sample.cpuTicks - baseline.cpuTicks, elapsedMs) };
  });
  sampler.record(measured.map((m) => m.sample));
  sampler.recordListing(listing.pids, listing.atMs);
  return measured;
}
