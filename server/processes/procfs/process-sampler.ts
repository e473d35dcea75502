import { processSingleton } from "../../process-singleton";

/** One reading of a process's CPU time. */
export interface CpuSample {
  hostPid: number;
  /** With hostPid, identifies the process: a reused PID has another start time. */
  startTicks: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** When it was read, on the sampler's clock (ms). */
  atMs: number;
}

export interface ProcessSamplerOptions {
  /** A monotonic clock in milliseconds. */
  now?: () => number;
  /** A sample older than this is not a baseline: CPU% averaged over minutes would mislead. */
  maxSampleAgeMs?: number;
}

/**
 * Keeps the last CPU sample of every process read, so that each refresh of a
 * view (every 1–2 s) gets CPU% over the time since the previous refresh, as
 * top does between frames, without sleeping.
 *
 * It also keeps the PIDs of the last full /proc listing: a process absent
 * from it was born since, so all its CPU time falls inside the interval and
 * it needs no baseline sample. Only a process that existed unseen (the first
 * refresh, or a process that just came into view) needs one; the readers then
 * take a second sample a short moment later, like top's first frame.
 */
export class ProcessSampler {
  readonly now: () => number;
  private readonly maxSampleAgeMs: number;
  private readonly samples = new Map<number, CpuSample>();
  private listing: { pids: Set<number>; atMs: number } | null = null;

  constructor(options: ProcessSamplerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.maxSampleAgeMs = options.maxSampleAgeMs ?? 10_000;
  }

  /** The sample to measure `current` against, or null when the caller must take one. */
  baselineFor(current: CpuSample): CpuSample | null {
    const previous = this.samples.get(current.hostPid);
    if (previous && previous.startTicks === current.startTicks && current.atMs - previous.atMs <= this.maxSampleAgeMs) {
      return previous;
    }
    const listing = this.listing;
    if (listing && !listing.pids.has(current.hostPid) && current.atMs - listing.atMs <= this.maxSampleAgeMs) {
      return { ...current, cpuTicks: 0, atMs: listing.atMs };
    }
    return null;
  }

  /** Keeps the newest sample of each process (concurrent refreshes may finish out of order). */
  record(samples: Iterable<CpuSample>): void {
    for (const sample of samples) {
      const kept = this.samples.get(sample.hostPid);
      if (!kept || kept.atMs <= sample.atMs) this.samples.set(sample.hostPid, sample);
    }
  }

  /** Records a complete /proc listing taken at atMs and forgets the processes that have exited. */
  recordListing(pids: readonly number[], atMs: number): void {
    if (this.listing && this.listing.atMs > atMs) return;
    this.listing = { pids: new Set(pids), atMs };
    for (const pid of this.samples.keys()) {
      if (!this.listing.pids.has(pid)) this.samples.delete(pid);
    }
  }
}

/** The one sampler of the server (processSingleton): the custom server and Next's bundle see the same samples. */
export function sharedProcessSampler(): ProcessSampler {
  return processSingleton("process-sampler", () => new ProcessSampler());
}
