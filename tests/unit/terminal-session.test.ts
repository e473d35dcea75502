import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  decodeServerFrame,
  encodeAck,
  encodeCloseSession,
  encodeInputFrames,
  encodeResize,
  type ServerFrame,
} from "@/lib/terminal-protocol";
import type { PtyExit, TerminalPty } from "@/server/terminal/attach-pty";
import type { SessionEnd } from "@/server/terminal/exit-reason";
import { FlowControl } from "@/server/terminal/flow-control";
import { StreamingDetector } from "@/server/scheduling/relay-priority";
import { ScrollbackRing } from "@/server/terminal/scrollback-ring";
import { TerminalSession, type TerminalPeer } from "@/server/terminal/terminal-session";

// The session's logic with a stand-in pty and socket; the real pair is
// exercised in tests/integration/terminal-server.test.ts.

class FakePty implements TerminalPty {
  readonly pid = 4242;
  written: string[] = [];
  sizes: Array<{ cols: number; rows: number }> = [];
  paused = false;
  signals: string[] = [];
  private dataListener: (chunk: Buffer) => void = () => {};
  private exitListener: (exit: PtyExit) => void = () => {};
  onData(listener: (chunk: Buffer) => void) {
    this.dataListener = listener;
  }
  onExit(listener: (exit: PtyExit) => void) {
    this.exitListener = listener;
  }
  write(data: Uint8Array) {
    this.written.push(Buffer.from(data).toString());
  }
  resize(size: { cols: number; rows: number }) {
    this.sizes.push(size);
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  kill(signal = "SIGHUP") {
    this.signals.push(signal);
  }
  print(text: string) {
    this.dataListener(Buffer.from(text));
  }
  exit(exit: PtyExit) {
    this.exitListener(exit);
  }
}

class FakePeer implements TerminalPeer {
  frames: ServerFrame[] = [];
  closedWith: SessionEnd | null = null;
  send(frame: Uint8Array) {
    this.frames.push(decodeServerFrame(frame));
  }
  close(end: SessionEnd) {
    this.closedWith = end;
  }
  get text() {
    return this.frames.map((f) => (f.type === "output" ? Buffer.from(f.data).toString() : "")).join("");
  }
}

describe("TerminalSession", () => {
  let pty: FakePty;
  let ended: Array<{ end: SessionEnd; exit: PtyExit }>;
  let explain: (exit: PtyExit) => Promise<SessionEnd>;
  let niced: Array<[number, number]>;
  let clock: number;
  const make = () =>
    new TerminalSession({
      name: "shell 1",
      container: "web",
      user: { id: 1, name: "alice" },
      pty,
      idleMs: 60_000,
      explainExit: (exit) => explain(exit),
      onEnded: (_s, end, exit) => ended.push({ end, exit }),
      flow: new FlowControl(100, 10),
      scrollback: new ScrollbackRing(64),
      streaming: new StreamingDetector(() => clock),
      setRelayNice: (pid, nice) => (niced.push([pid, nice]), true),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    pty = new FakePty();
    ended = [];
    niced = [];
    clock = 0;
    explain = async () => ({ code: 1000, reason: "The shell exited." });
  });
  afterEach(() => vi.useRealTimers());

  it("says which session it is, then streams output in batches", async () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    expect(peer.frames[0]).toEqual({ type: "session", info: { sessionId: session.id, name: "shell 1", container: "web", replayBytes: 0 } });
    pty.print("hello ");
    pty.print("world");
    await vi.advanceTimersByTimeAsync(10);
    expect(peer.frames.slice(1).map((f) => f.type)).toEqual(["output"]);
    expect(peer.text).toBe("hello world");
  });

  it("lowers a streaming shell's relay to nice 10, and back to 0 at the first key after a quiet spell, before the key reaches the pty", () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    pty.print("y\n".repeat(20 * 1024)); // 40 KiB: not yet
    expect(niced).toEqual([]);
    clock = 500;
    pty.print("y\n".repeat(20 * 1024)); // 80 KiB within a second
    expect(niced).toEqual([[4242, 10]]);
    clock = 900;
    pty.print("y\n".repeat(20 * 1024));
    expect(niced).toEqual([[4242, 10]]); // told once
    clock = 5000;
    const niceWhenWritten: number[] = [];
    const write = pty.write.bind(pty);
    pty.write = (data) => (niceWhenWritten.push(niced.at(-1)![1]), write(data));
    for (const frame of encodeInputFrames("a")) session.receive(peer, frame);
    expect(niced).toEqual([[4242, 10], [4242, 0]]);
    expect(niceWhenWritten).toEqual([0]);
  });

  it("passes input and valid resizes to the pty and ignores the rest", () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    for (const frame of encodeInputFrames("ls\r")) session.receive(peer, frame);
    session.receive(peer, encodeResize(120, 40)!);
    session.receive(peer, Uint8Array.from([0x02, 0, 0, 0, 0]));
    session.receive(peer, Uint8Array.from([0x99, 1, 2]));
    session.receive(new FakePeer(), encodeInputFrames("not attached")[0]!);
    expect(pty.written).toEqual(["ls\r"]);
    expect(pty.sizes).toEqual([{ cols: 120, rows: 40 }]);
  });

  it("notes when the attached tab last typed: input only, not resizes, acks or another peer's frames", () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    expect(session.lastInputAt).toBe(0);
    vi.setSystemTime(1_000_000);
    for (const frame of encodeInputFrames("ls\r")) session.receive(peer, frame);
    expect(session.lastInputAt).toBe(1_000_000);
    vi.setSystemTime(2_000_000);
    pty.print("output");
    session.receive(peer, encodeResize(100, 30)!);
    session.receive(peer, encodeAck(6));
    session.receive(new FakePeer(), encodeInputFrames("not attached")[0]!);
    expect(session.lastInputAt).toBe(1_000_000);
  });

  it("pauses the pty above the high watermark and resumes it on acks below the low one", () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    pty.print("x".repeat(80));
    expect(pty.paused).toBe(false);
    pty.print("x".repeat(30));
    expect(pty.paused).toBe(true);
    session.receive(peer, encodeAck(50));
    expect(pty.paused).toBe(true);
    session.receive(peer, encodeAck(55));
    expect(pty.paused).toBe(false);
  });

  it("keeps the shell running while detached and replays the scrollback on reattach", async () => {
    const session = make();
    const first = new FakePeer();
    session.attach(first);
    pty.print("x".repeat(80));
    session.receive(first, encodeAck(80));
    session.detach(first);
    expect(session.attached).toBe(false);
    pty.print("\nwhile away\n");
    expect(pty.paused).toBe(false); // under the watermark: the shell runs on

    const second = new FakePeer();
    session.attach(second);
    const info = second.frames[0];
    expect(info?.type).toBe("session");
    const replay = second.text;
    expect(replay).toContain("while away");
    expect(info?.type === "session" && info.info.replayBytes).toBe(Buffer.byteLength(replay));
    expect(replay).toBe("while away\n"); // the ring kept 64 bytes, replayed from a line start
    // What was batched for the first peer is in the replay already: nobody gets it twice.
    await vi.advanceTimersByTimeAsync(10);
    expect(second.text).toBe(replay);
    expect(first.frames.filter((f) => f.type === "output")).toEqual([]);
  });

  it("pauses a detached shell once its unacknowledged output passes the high watermark", () => {
    const session = make();
    const first = new FakePeer();
    session.attach(first);
    pty.print("x".repeat(60));
    session.detach(first);
    pty.print("y".repeat(30));
    expect(pty.paused).toBe(false);
    pty.print("z".repeat(20)); // 110 never acked: over the high watermark of 100
    expect(pty.paused).toBe(true);
    pty.print("late\n"); // what a pty read before pausing still reaches the scrollback
    expect(pty.paused).toBe(true);
  });

  it("resumes a shell paused while detached on reattach, after sending the replay", () => {
    const session = make();
    const first = new FakePeer();
    session.attach(first);
    session.detach(first);
    pty.print("a".repeat(40) + "\n" + "b".repeat(70));
    expect(pty.paused).toBe(true);

    const second = new FakePeer();
    const order: string[] = [];
    const resume = pty.resume.bind(pty);
    pty.resume = () => {
      order.push("resume");
      resume();
    };
    const send = second.send.bind(second);
    second.send = (frame) => {
      order.push(decodeServerFrame(frame).type);
      send(frame);
    };
    session.attach(second);
    // The 64-byte ring keeps the last 64 bytes (under the high watermark).
    expect(second.text).toBe("b".repeat(64));
    expect(order).toEqual(["session", "output", "resume"]);
    expect(pty.paused).toBe(false);
  });

  it("counts a new peer's unacknowledged bytes from its own replay on", () => {
    const session = make();
    const first = new FakePeer();
    session.attach(first);
    pty.print("x".repeat(101));
    expect(pty.paused).toBe(true);
    session.detach(first);

    const second = new FakePeer();
    session.attach(second);
    expect(second.text).toBe("x".repeat(64));
    expect(pty.paused).toBe(false);
    pty.print("y".repeat(30)); // 64 replayed + 30 live, none acked yet
    expect(pty.paused).toBe(false);
    pty.print("y".repeat(10));
    expect(pty.paused).toBe(true);
    session.receive(second, encodeAck(100));
    expect(pty.paused).toBe(false);
  });

  it("hands the session to a newer peer and closes the older with 4411", () => {
    const session = make();
    const first = new FakePeer();
    const second = new FakePeer();
    session.attach(first);
    session.attach(second);
    expect(first.closedWith?.code).toBe(4411);
    session.detach(first); // the old socket's late close event changes nothing
    expect(session.attached).toBe(true);
  });

  it("ends after the idle time with nobody attached, but not while someone is", async () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(session.ended).toBe(false);
    session.detach(peer);
    await vi.advanceTimersByTimeAsync(59_000);
    session.attach(new FakePeer());
    await vi.advanceTimersByTimeAsync(120_000);
    expect(session.ended).toBe(false);
  });

  it("idle timeout hangs up the shell and reports 4408 once it exits", async () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    session.detach(peer);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.ended).toBe(true);
    expect(pty.signals).toEqual(["SIGHUP"]);
    pty.exit({ exitCode: 0, signal: 1 });
    await session.whenExited();
    expect(ended).toEqual([{ end: expect.objectContaining({ code: 4408 }), exit: { exitCode: 0, signal: 1 } }]);
  });

  it("a close frame ends it with 4409, and a pty that ignores SIGHUP gets SIGKILL", async () => {
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    session.receive(peer, encodeCloseSession());
    expect(peer.closedWith).toEqual({ code: 4409, reason: "alice closed this session." });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pty.signals).toEqual(["SIGHUP", "SIGKILL"]);
    const late = new FakePeer();
    session.attach(late);
    expect(late.closedWith?.code).toBe(4409);
  });

  it("when the shell exits by itself, sends its last output, then the explained close", async () => {
    explain = async () => ({ code: 4001, reason: "The container stopped." });
    const session = make();
    const peer = new FakePeer();
    session.attach(peer);
    pty.print("bye");
    pty.exit({ exitCode: 137, signal: 0 });
    await session.whenExited();
    expect(peer.text).toBe("bye");
    expect(peer.closedWith).toEqual({ code: 4001, reason: "The container stopped." });
    expect(pty.signals).toEqual([]); // an exited pid is never signalled
    expect(ended.map((e) => e.end.code)).toEqual([4001]);
  });
});
