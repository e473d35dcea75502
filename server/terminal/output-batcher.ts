import { OUTPUT_BATCH_MS, OUTPUT_FRAME_MAX_BYTES } from "@/lib/terminal-protocol";

export interface OutputBatcherOptions {
  /** Longest a chunk waits while output is streaming. */
  windowMs?: number;
  /** A batch this big is sent at once. */
  maxBytes?: number;
  /** Milliseconds from a monotonic clock; injectable for tests. */
  now?: () => number;
}

/**
 * Joins the pty's small reads into fewer, bigger frames. After a quiet spell
 * (nothing sent for windowMs) output goes out on the next turn of the event
 * loop, so a keystroke's echo is not delayed; while output streams, it goes
 * out at most every windowMs, or as soon as maxBytes have gathered.
 */
export class OutputBatcher {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly windowMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(
    private readonly send: (batch: Buffer) => void,
    options: OutputBatcherOptions = {},
  ) {
    this.windowMs = options.windowMs ?? OUTPUT_BATCH_MS;
    this.maxBytes = options.maxBytes ?? OUTPUT_FRAME_MAX_BYTES;
    this.now = options.now ?? (() => performance.now());
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.maxBytes) {
      this.flush();
      return;
    }
    if (this.timer || this.immediate) return;
    const wait = this.lastSentAt + this.windowMs - this.now();
    if (wait <= 0) this.immediate = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends whatever is pending now. */
  flush(): void {
    this.cancelScheduled();
    if (this.pendingBytes === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.lastSentAt = this.now();
    this.send(batch);
  }

  /** Drops what is pending (it is in the scrollback) and any scheduled send. */
  clear(): void {
    this.cancelScheduled();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
