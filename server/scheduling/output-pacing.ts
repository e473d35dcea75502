import { availableParallelism } from "node:os";
import { processSingleton } from "../process-singleton";

/**
 * When more terminals stream at once than the host has cores, each of them
 * that nobody is typing in is paced to PACED_BYTES_PER_SECOND (about 800
 * lines of 80 characters a second, faster than anyone reads): its pty is
 * paused for as long as its output ran ahead of that rate, so the program
 * flooding it (a `yes`, a build log) blocks on its terminal instead of
 * taking the CPU from the shell someone is typing in. A terminal typed in
 * within the last INPUT_GRACE_MS, or one streaming alone (a `cat` of a big
 * file on a host that is otherwise quiet), is never paced. Like the relays'
 * nice (relay-priority.ts), it answers to bench/load-terminals.ts.
 */
export const PACED_BYTES_PER_SECOND = 64 * 1024;
/** What a paced terminal may print at once before it waits (a screenful or so). */
export const PACED_BURST_BYTES = 16 * 1024;
/** Typed in this recently: not paced (the echo, a Ctrl-C and what follows it flow at once). */
export const INPUT_GRACE_MS = 3000;

/** The sessions streaming now, process-wide (one set, whichever copy of the module asks). */
const streamingNow = processSingleton("terminals-streaming-now", () => new Set<object>());

/** Marks a session as streaming or not; a session that ends must be marked not. */
export function setStreaming(session: object, streaming: boolean): void {
  if (streaming) streamingNow.add(session);
  else streamingNow.delete(session);
}

/** Read once: asked on every chunk of output, and a host's cores do not change under a running server. */
const CORES = availableParallelism();

/** More terminals stream than the host has cores: the CPU is theirs unless they are paced. */
export function streamingContended(cores: number = CORES): boolean {
  return streamingNow.size > cores;
}

/**
 * One terminal's pace: a token bucket of PACED_BYTES_PER_SECOND with a burst
 * of PACED_BURST_BYTES. Pure; the clock is injectable.
 */
export class OutputPacer {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate = PACED_BYTES_PER_SECOND,
    private readonly burst = PACED_BURST_BYTES,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /**
   * Counts output. When `paced`, the milliseconds the reader should now wait
   * for the output to be back within the rate (0: none); when not, the
   * bucket is kept full, so pacing starts with a burst's grace.
   */
  take(bytes: number, paced: boolean): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (!paced) {
      this.tokens = this.burst;
      return 0;
    }
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }
}
