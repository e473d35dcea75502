/**
 * A terminal whose shell streams output as fast as it can (a `yes`, a build
 * log, `cat` of a big file) keeps its host-side relay, lxc-attach, busy
 * copying. node-pty starts lxc-attach in a session of its own, and the
 * kernel's autogroup scheduling (autogroup.ts) gives every session an equal
 * share of the CPU: twenty streaming terminals get twenty shares against
 * the dashboard's one, and typing in a 21st waits behind them. So while a
 * terminal streams, its relay's autogroup runs at nice 10, and at 0 again
 * once it is calm; the shell and its programs are in the container's own
 * cgroup and keep their priority. bench/load-terminals.ts measures it,
 * with the server's own priority (server-priority.ts).
 */

/** More than this much output in one second: streaming. */
export const STREAMING_BYTES = 64 * 1024;
/** A whole second with less than this much output: calm again. */
export const CALM_BYTES = 8 * 1024;
const WINDOW_MS = 1000;
/** The nice of a streaming terminal's relay (its autogroup's). */
export const STREAMING_NICE = 10;

/**
 * Says when a terminal starts and stops streaming, from the output it
 * counts in one-second windows and from typed input (after a quiet spell
 * the first key counts the terminal calm before it reaches the shell).
 * Pure; the clock is injectable.
 */
export class StreamingDetector {
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowBytes = 0;
  private streaming = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get isStreaming(): boolean {
    return this.streaming;
  }

  /** Counts output; the new state when it changed, else null. */
  output(bytes: number): boolean | null {
    const before = this.streaming;
    this.roll();
    this.windowBytes += bytes;
    if (!this.streaming && this.windowBytes > STREAMING_BYTES) this.streaming = true;
    return this.streaming === before ? null : this.streaming;
  }

  /** Input was typed; the new state when it changed, else null. */
  input(): boolean | null {
    const before = this.streaming;
    this.roll();
    return this.streaming === before ? null : this.streaming;
  }

  /** Closes the window when a second has passed: calm if it held little, or if a whole window went by with nothing. */
  private roll(): void {
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS) return;
    if (this.streaming && (this.windowBytes < CALM_BYTES || elapsed >= 2 * WINDOW_MS)) this.streaming = false;
    this.windowStart = now;
    this.windowBytes = 0;
  }
}
