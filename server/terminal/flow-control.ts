import { FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK } from "@/lib/terminal-protocol";

/**
 * Bookkeeping for one session's output flow control: how many bytes went to
 * the browser that it has not yet acknowledged as rendered, and whether the
 * shell should be paused. Pure: the caller pauses and resumes the pty when a
 * method says the state changed. The gap between the watermarks stops the pty
 * from flapping between paused and running on every ack.
 */
export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    readonly highWatermark = FLOW_HIGH_WATERMARK,
    readonly lowWatermark = FLOW_LOW_WATERMARK,
  ) {
    if (!(lowWatermark >= 0 && lowWatermark < highWatermark)) {
      throw new RangeError("The low watermark must be below the high watermark.");
    }
  }

  get unackedBytes(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Counts bytes sent (or queued to send). True when the producer must pause now. */
  sent(bytes: number): boolean {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.highWatermark) {
      this.paused = true;
      return true;
    }
    return false;
  }

  /**
   * Counts bytes the client rendered. An ack for more than is outstanding (a
   * client bug or a forged frame) only brings the count to zero; a negative or
   * fractional count is ignored. True when the producer should resume now.
   */
  acked(bytes: number): boolean {
    if (!Number.isInteger(bytes) || bytes < 0) return false;
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.paused && this.unacked < this.lowWatermark) {
      this.paused = false;
      return true;
    }
    return false;
  }

  /** Forgets everything (the client went away). True when the producer was paused and should resume. */
  reset(): boolean {
    const wasPaused = this.paused;
    this.unacked = 0;
    this.paused = false;
    return wasPaused;
  }
}
