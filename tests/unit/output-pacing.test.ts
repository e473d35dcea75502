// A streaming terminal nobody types in, on a host where more terminals stream
// than it has cores, is paced (server/scheduling/output-pacing.ts): the pacer's
// arithmetic with an injected clock, the process-wide count, and the session
// pausing and resuming its (stand-in) pty.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeAck, encodeInputFrames } from "@/lib/terminal-protocol";
import type { PtyExit, TerminalPty } from "@/server/terminal/attach-pty";
import { FlowControl } from "@/server/terminal/flow-control";
import { StreamingDetector } from "@/server/scheduling/relay-priority";
import { OutputPacer, PACED_BURST_BYTES, PACED_BYTES_PER_SECOND, setStreaming, streamingContended } from "@/server/scheduling/output-pacing";
import { TerminalSession, type TerminalPeer } from "@/server/terminal/terminal-session";

describe("OutputPacer", () => {
  it("lets a burst through, then asks to wait as long as the output ran ahead of the rate", () => {
    let t = 0;
    const pacer = new OutputPacer(1000, 100, () => t);
    expect(pacer.take(100, true)).toBe(0);
    expect(pacer.take(500, true)).toBe(500);
    t = 500; // 500 bytes' worth refilled: back to zero
    expect(pacer.take(0, true)).toBe(0);
    expect(pacer.take(250, true)).toBe(250);
  });

  it("keeps the bucket full while not paced, and never fills past the burst", () => {
    let t = 0;
    const pacer = new OutputPacer(1000, 100, () => t);
    expect(pacer.take(1_000_000, false)).toBe(0);
    t = 60_000;
    expect(pacer.take(100, true)).toBe(0);
    expect(pacer.take(1, true)).toBe(1);
  });
});

describe("streamingContended", () => {
  const sessions = [{}, {}, {}];
  afterEach(() => sessions.forEach((s) => setStreaming(s, false)));

  it("is true only while more terminals stream than there are cores", () => {
    setStreaming(sessions[0]!, true);
    setStreaming(sessions[1]!, true);
    expect(streamingContended(2)).toBe(false);
    setStreaming(sessions[2]!, true);
    expect(streamingContended(2)).toBe(true);
    setStreaming(sessions[2]!, false);
    setStreaming(sessions[2]!, false); // twice is once
    expect(streamingContended(2)).toBe(false);
  });
});

class FakePty implements TerminalPty {
  readonly pid = 4242;
  paused = false;
  written: string[] = [];
  private dataListener: (chunk: Buffer) => void = () => {};
  onData(listener: (chunk: Buffer) => void) {
    this.dataListener = listener;
  }
  onExit(_listener: (exit: PtyExit) => void) {}
  write(data: Uint8Array) {
    this.written.push(Buffer.from(data).toString());
  }
  resize() {}
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  kill() {}
  print(bytes: number) {
    this.dataListener(Buffer.alloc(bytes, "y"));
  }
}

describe("TerminalSession pacing", () => {
  let pty: FakePty;
  let contended: boolean;
  let clock: number;
  let session: TerminalSession;
  let peer: TerminalPeer;
  const ack = (bytes: number) => session.receive(peer, encodeAck(bytes));

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    contended = true;
    pty = new FakePty();
    session = new TerminalSession({
      name: "shell 1",
      container: "web",
      user: { id: 1, name: "alice" },
      pty,
      idleMs: 60_000,
      explainExit: async () => ({ code: 1000, reason: "" }),
      onEnded: () => {},
      // Flow control out of the way: every byte is acked below.
      flow: new FlowControl(1 << 30, 1 << 29),
      streaming: new StreamingDetector(() => clock),
      setRelayNice: () => true,
      pacer: new OutputPacer(PACED_BYTES_PER_SECOND, PACED_BURST_BYTES, () => clock),
      contended: () => contended,
    });
    peer = { send: () => {}, close: () => {} };
    session.attach(peer);
  });
  afterEach(() => {
    vi.useRealTimers();
    setStreaming(session, false);
  });

  /** Prints `bytes` in 4 KiB reads while the pty is not paused; how many got out. */
  function flood(bytes: number): number {
    let out = 0;
    while (out < bytes && !pty.paused) {
      pty.print(4096);
      ack(4096);
      out += 4096;
    }
    return out;
  }

  it("pauses a streaming terminal nobody types in, and resumes it once back within the rate", async () => {
    vi.setSystemTime(10_000); // no input for longer than the grace
    // 128 KiB in the first second: streaming, then paced.
    expect(flood(PACED_BYTES_PER_SECOND * 2)).toBeLessThan(PACED_BYTES_PER_SECOND * 2);
    expect(pty.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(pty.paused).toBe(false);
  });

  it("does not pace when few terminals stream (the host is not contended)", () => {
    vi.setSystemTime(10_000);
    contended = false;
    expect(flood(PACED_BYTES_PER_SECOND * 4)).toBe(PACED_BYTES_PER_SECOND * 4);
    expect(pty.paused).toBe(false);
  });

  it("a key typed resumes a paced terminal at once, and it is not paced again for the grace", async () => {
    vi.setSystemTime(10_000);
    flood(PACED_BYTES_PER_SECOND * 2);
    expect(pty.paused).toBe(true);
    for (const frame of encodeInputFrames("\x03")) session.receive(peer, frame);
    expect(pty.written).toEqual(["\x03"]);
    expect(pty.paused).toBe(false);
    expect(flood(PACED_BYTES_PER_SECOND * 2)).toBe(PACED_BYTES_PER_SECOND * 2);
    vi.setSystemTime(14_000);
    clock = 500;
    flood(PACED_BYTES_PER_SECOND * 2);
    expect(pty.paused).toBe(true);
  });
});
