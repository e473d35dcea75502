import { randomUUID } from "node:crypto";
import {
  clampTerminalSize,
  decodeClientFrame,
  encodeOutput,
  encodeSessionInfo,
  TerminalCloseCode,
} from "@/lib/terminal-protocol";
import type { PtyExit, TerminalPty } from "./attach-pty";
import type { SessionEnd } from "./exit-reason";
import { FlowControl } from "./flow-control";
import { OutputBatcher } from "./output-batcher";
import { setAutogroupNice } from "../scheduling/autogroup";
import { INPUT_GRACE_MS, OutputPacer, setStreaming, streamingContended } from "../scheduling/output-pacing";
import { STREAMING_NICE, StreamingDetector } from "../scheduling/relay-priority";
import { ScrollbackRing } from "./scrollback-ring";

export interface TerminalUser {
  id: string | number;
  name: string;
}

/** One browser connection, as a session sees it. */
export interface TerminalPeer {
  send(frame: Uint8Array): void;
  /** Tells the browser why (a Closing frame) and closes the socket with the code. */
  close(end: SessionEnd): void;
}

export interface TerminalSessionOptions {
  name: string;
  container: string;
  user: TerminalUser;
  pty: TerminalPty;
  /** How long the session lives with no browser attached. */
  idleMs: number;
  /** Why the pty exited, when nobody asked it to. */
  explainExit: (exit: PtyExit) => Promise<SessionEnd>;
  /** Called once, after the pty has exited, with why the session ended. */
  onEnded: (session: TerminalSession, end: SessionEnd, exit: PtyExit) => void;
  /** Injectable for tests. */
  flow?: FlowControl;
  scrollback?: ScrollbackRing;
  streaming?: StreamingDetector;
  /** Sets the relay's priority (server/scheduling/relay-priority.ts); injectable for tests. */
  setRelayNice?: (pid: number, nice: number) => boolean;
  /** Paces a streaming terminal on a contended host (server/scheduling/output-pacing.ts); injectable for tests. */
  pacer?: OutputPacer;
  contended?: () => boolean;
}

/** Time allowed for lxc-attach to go after SIGHUP before it gets SIGKILL. */
const KILL_GRACE_MS = 3000;

/**
 * A shell in a container that outlives the browser's socket: it keeps a
 * scrollback to replay when a socket (re)attaches, applies flow control
 * (attached or not), and ends when the shell exits, when a user ends it, or
 * after idleMs with nobody attached.
 */
export class TerminalSession {
  readonly id = randomUUID();
  readonly openedAt = new Date();
  readonly name: string;
  readonly container: string;
  readonly user: TerminalUser;

  private peer: TerminalPeer | null = null;
  private inputAt = 0;
  private ending: SessionEnd | null = null;
  /** Once the pty has exited its pid may belong to another process: never signal it again. */
  private ptyExited = false;
  private ptyPaused = false;
  /** Paused for pacing (output-pacing.ts) until this timer fires. */
  private pacingTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private readonly pty: TerminalPty;
  private readonly flow: FlowControl;
  private readonly scrollback: ScrollbackRing;
  private readonly batcher: OutputBatcher;
  private readonly streaming: StreamingDetector;
  private readonly pacer: OutputPacer;
  private readonly exited: Promise<void>;

  constructor(private readonly options: TerminalSessionOptions) {
    this.name = options.name;
    this.container = options.container;
    this.user = options.user;
    this.pty = options.pty;
    this.flow = options.flow ?? new FlowControl();
    this.scrollback = options.scrollback ?? new ScrollbackRing();
    this.batcher = new OutputBatcher((batch) => this.peer?.send(encodeOutput(batch)));
    this.streaming = options.streaming ?? new StreamingDetector();
    this.pacer = options.pacer ?? new OutputPacer();
    this.pty.onData((chunk) => this.output(chunk));
    this.exited = new Promise((resolve) => this.pty.onExit((exit) => void this.exit(exit).finally(resolve)));
  }

  get attached(): boolean {
    return this.peer !== null;
  }

  get ended(): boolean {
    return this.ending !== null;
  }

  /** When (ms since the epoch) the attached tab last sent input; 0 before it ever did. */
  get lastInputAt(): number {
    return this.inputAt;
  }

  /** Resolves once the pty has exited and onEnded has run. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /**
   * Connects a browser: says which session this is, replays the scrollback,
   * then streams live output. A peer already attached is told the session was
   * opened elsewhere and closed.
   */
  attach(peer: TerminalPeer): void {
    if (this.ending) {
      peer.close(this.ending);
      return;
    }
    const previous = this.peer;
    this.peer = null;
    previous?.close({ code: TerminalCloseCode.OpenedElsewhere, reason: "This terminal was opened in another tab or window." });
    this.stopIdleTimer();
    this.batcher.clear();

    // The new peer owes acks only for what it is sent from here on: the replay, then live output.
    this.flow.reset();
    const replay = this.scrollback.snapshot();
    this.peer = peer;
    peer.send(encodeSessionInfo({ sessionId: this.id, name: this.name, container: this.container, replayBytes: replay.length }));
    if (replay.length > 0) {
      peer.send(encodeOutput(replay));
      this.flow.sent(replay.length);
    }
    // A shell paused while nobody was attached reads on only now, after the replay.
    this.syncPty();
  }

  /**
   * The browser's socket closed. The shell keeps running until idleMs pass
   * without a new attach, but its output keeps counting as unacknowledged:
   * past the high watermark the pty is paused, as if the absent browser never
   * acked, so a detached `yes` blocks instead of burning CPU for the idle time.
   */
  detach(peer: TerminalPeer): void {
    if (this.peer !== peer) return;
    this.peer = null;
    // What was not delivered is in the scrollback.
    this.batcher.clear();
    if (!this.ending) this.startIdleTimer();
  }

  /** A frame from a peer; frames from a peer that is not the attached one are ignored. */
  receive(peer: TerminalPeer, bytes: Uint8Array): void {
    if (this.peer !== peer || this.ending || this.ptyExited) return;
    const frame = decodeClientFrame(bytes);
    switch (frame.type) {
      case "input":
        this.inputAt = Date.now();
        this.relayPriority(this.streaming.input());
        // Typed in: no longer paced, so the echo (and what a Ctrl-C leaves to print) comes at once.
        this.stopPacing();
        this.pty.write(frame.data);
        break;
      case "resize": {
        const size = clampTerminalSize(frame.cols, frame.rows);
        if (size) this.pty.resize(size);
        break;
      }
      case "ack":
        this.flow.acked(frame.bytes);
        this.syncPty();
        break;
      case "close":
        this.end({ code: TerminalCloseCode.EndedByUser, reason: `${this.user.name} closed this session.` });
        break;
      case "invalid":
        // Garbage is dropped; the shell and the connection carry on.
        break;
    }
  }

  /** Ends the session: closes the attached socket with the reason and ends the shell. */
  end(end: SessionEnd): void {
    if (this.ending) return;
    this.ending = end;
    this.stopIdleTimer();
    this.batcher.clear();
    const peer = this.peer;
    this.peer = null;
    peer?.close(end);
    if (this.ptyExited) return;
    this.pty.kill("SIGHUP");
    this.killTimer = setTimeout(() => this.pty.kill("SIGKILL"), KILL_GRACE_MS);
    this.killTimer.unref();
  }

  private output(chunk: Buffer): void {
    this.scrollback.append(chunk);
    // Counted when queued, not when sent, so the pty pauses before a batch can
    // grow; counted with nobody attached too (see detach).
    this.flow.sent(chunk.length);
    this.relayPriority(this.streaming.output(chunk.length));
    this.pace(chunk.length);
    this.syncPty();
    if (this.peer) this.batcher.push(chunk);
  }

  /** A streaming terminal nobody types in, on a host where more stream than there are cores, waits to keep its pace. */
  private pace(bytes: number): void {
    const paced = this.streaming.isStreaming && Date.now() - this.inputAt > INPUT_GRACE_MS && (this.options.contended ?? streamingContended)();
    const waitMs = this.pacer.take(bytes, paced);
    if (waitMs <= 0 || this.pacingTimer) return;
    this.pacingTimer = setTimeout(() => {
      this.pacingTimer = null;
      this.syncPty();
    }, waitMs);
    this.pacingTimer.unref();
  }

  private stopPacing(): void {
    if (!this.pacingTimer) return;
    clearTimeout(this.pacingTimer);
    this.pacingTimer = null;
    this.syncPty();
  }

  /** A streaming terminal's relay yields to the others (server/scheduling/relay-priority.ts); null: no change. */
  private relayPriority(streaming: boolean | null): void {
    if (streaming === null || this.ptyExited || this.pty.pid <= 0) return;
    setStreaming(this, streaming);
    (this.options.setRelayNice ?? setAutogroupNice)(this.pty.pid, streaming ? STREAMING_NICE : 0);
  }

  /** Pauses or resumes the pty to match the flow control's verdict and the pacing. */
  private syncPty(): void {
    const pause = this.flow.isPaused || this.pacingTimer !== null;
    if (pause === this.ptyPaused || this.ptyExited) return;
    this.ptyPaused = pause;
    if (this.ptyPaused) this.pty.pause();
    else this.pty.resume();
  }

  private async exit(exit: PtyExit): Promise<void> {
    this.ptyExited = true;
    setStreaming(this, false);
    if (this.pacingTimer) clearTimeout(this.pacingTimer);
    this.pacingTimer = null;
    if (this.killTimer) clearTimeout(this.killTimer);
    if (!this.ending) {
      // Deliver what the shell printed last before saying why it ended.
      this.batcher.flush();
      this.end(await this.options.explainExit(exit));
    }
    this.options.onEnded(this, this.ending!, exit);
  }

  private startIdleTimer(): void {
    this.stopIdleTimer();
    this.idleTimer = setTimeout(
      () => this.end({ code: TerminalCloseCode.IdleTimeout, reason: "Ended after being left without a tab for too long." }),
      this.options.idleMs,
    );
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
