import { SCROLLBACK_BYTES } from "@/lib/terminal-protocol";

const NEWLINE = 0x0a;

/**
 * The last `capacity` bytes of a session's output, replayed when a browser
 * reattaches. Fixed memory: one buffer allocated up front, overwritten in a
 * circle.
 */
export class ScrollbackRing {
  private readonly buffer: Buffer;
  /** Index of the oldest byte kept. */
  private start = 0;
  private length = 0;
  private dropped = false;

  constructor(readonly capacity = SCROLLBACK_BYTES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("Capacity must be a positive integer.");
    this.buffer = Buffer.alloc(capacity);
  }

  get size(): number {
    return this.length;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length >= this.capacity) {
      // Only the tail of a chunk this big survives.
      this.buffer.set(chunk.subarray(chunk.length - this.capacity));
      this.dropped ||= this.length > 0 || chunk.length > this.capacity;
      this.start = 0;
      this.length = this.capacity;
      return;
    }
    const end = (this.start + this.length) % this.capacity;
    const firstPart = Math.min(chunk.length, this.capacity - end);
    this.buffer.set(chunk.subarray(0, firstPart), end);
    this.buffer.set(chunk.subarray(firstPart), 0);
    const overflow = this.length + chunk.length - this.capacity;
    if (overflow > 0) {
      this.start = (this.start + overflow) % this.capacity;
      this.length = this.capacity;
      this.dropped = true;
    } else {
      this.length += chunk.length;
    }
  }

  /**
   * The kept bytes, oldest first. Once older output has been dropped, the
   * replay starts after the first newline, so it does not begin in the middle
   * of a line, a UTF-8 character or (usually) an escape sequence.
   */
  snapshot(): Buffer {
    const head = this.buffer.subarray(this.start, Math.min(this.start + this.length, this.capacity));
    const tail = this.buffer.subarray(0, this.length - head.length);
    const all = Buffer.concat([head, tail]);
    if (!this.dropped) return all;
    const newline = all.indexOf(NEWLINE);
    return newline === -1 ? all : all.subarray(newline + 1);
  }
}
