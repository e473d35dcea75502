import {
  ACK_EVERY_BYTES,
  decodeServerFrame,
  encodeAck,
  encodeCloseSession,
  encodeInputFrames,
  encodeResize,
  isReconnectableClose,
  TerminalCloseCode,
  terminalSocketPath,
  type SessionInfo,
  type TerminalSize,
} from "@/lib/terminal-protocol";
import { MAX_RECONNECT_ATTEMPTS, reconnectDelayMs } from "./reconnect-backoff";

export type ConnectionState =
  | { status: "connecting" }
  | { status: "connected"; session: SessionInfo }
  | { status: "reconnecting"; attempt: number; delayMs: number }
  | { status: "ended"; code: number; reason: string };

/** Where output goes: xterm.js in the page, anything in tests. */
export interface TerminalSink {
  /** Clears the screen before a (re)attach replays the scrollback. */
  reset(): void;
  /** Shows the bytes and calls `rendered` once they are on screen. */
  write(data: Uint8Array, rendered: () => void): void;
}

/** The part of the browser's WebSocket used here. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/**
 * What getTicket throws when the dashboard refused the ticket (not an admin,
 * signed out...): asking again would get the same answer, so the tab ends
 * with this message instead of retrying.
 */
export class TicketRefused extends Error {
  override name = "TicketRefused";
}

export interface TerminalConnectionOptions {
  container: string;
  /** An existing session to reattach to; without it a new one is opened. */
  sessionId?: string;
  /** The tab name for a new session. */
  name?: string;
  /** A fresh single-use ticket for this container (each connection needs its own); throws TicketRefused when refused. */
  getTicket: (container: string) => Promise<string>;
  sink: TerminalSink;
  /** The terminal's current size, or null when it cannot be measured (hidden). */
  size: () => TerminalSize | null;
  onState: (state: ConnectionState) => void;
  /** Opens a socket for a path+query; defaults to the page's own host. */
  openSocket?: (path: string) => SocketLike;
  random?: () => number;
}

const OPEN = 1;

function openOnPageHost(path: string): SocketLike {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return new WebSocket(`${scheme}//${window.location.host}${path}`);
}

/**
 * One terminal tab's link to its session on the server: opens it with a
 * ticket, acks output as it is rendered, and after a dropped connection
 * reattaches to the same session with backoff. Closes that are the session's
 * end (shell exited, container stopped, not allowed...) end it for good.
 */
export class TerminalConnection {
  private socket: SocketLike | null = null;
  private sessionId: string | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** Bytes rendered, and bytes of those acked, on the current socket. */
  private rendered = 0;
  private acked = 0;

  constructor(private readonly options: TerminalConnectionOptions) {
    this.sessionId = options.sessionId;
  }

  start(): void {
    void this.connect();
  }

  sendInput(data: string | Uint8Array): void {
    for (const frame of encodeInputFrames(data)) this.send(frame);
  }

  resize(cols: number, rows: number): void {
    const frame = encodeResize(cols, rows);
    if (frame) this.send(frame);
  }

  /** Ends the session on the server (the shell goes), not just this connection. */
  closeSession(): void {
    this.send(encodeCloseSession());
  }

  /** Drops the connection and stops reconnecting; the session lives on for a later reattach. */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000, "tab closed");
    this.socket = null;
  }

  private send(frame: Uint8Array): void {
    if (this.socket?.readyState === OPEN) this.socket.send(frame);
  }

  private async connect(): Promise<void> {
    this.options.onState({ status: "connecting" });
    let ticket: string;
    try {
      ticket = await this.options.getTicket(this.options.container);
    } catch (error) {
      if (this.disposed) return;
      if (error instanceof TicketRefused) {
        this.options.onState({ status: "ended", code: TerminalCloseCode.NotAllowed, reason: error.message });
        return;
      }
      this.retryOrEnd(1006, "Could not get a ticket for the terminal.");
      return;
    }
    if (this.disposed) return;
    const path = terminalSocketPath({
      container: this.options.container,
      ticket,
      session: this.sessionId,
      name: this.sessionId ? undefined : this.options.name,
      size: this.options.size() ?? undefined,
    });
    const socket = (this.options.openSocket ?? openOnPageHost)(path);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.rendered = 0;
    this.acked = 0;
    let closing: { code: number; reason: string } | null = null;

    socket.onmessage = (event) => {
      if (!(event.data instanceof ArrayBuffer) || this.socket !== socket) return;
      const frame = decodeServerFrame(new Uint8Array(event.data));
      switch (frame.type) {
        case "session":
          this.sessionId = frame.info.sessionId;
          this.attempt = 0;
          this.options.sink.reset();
          this.options.onState({ status: "connected", session: frame.info });
          this.sendSize();
          break;
        case "output":
          this.options.sink.write(frame.data, () => this.onRendered(socket, frame.data.length));
          break;
        case "closing":
          closing = { code: frame.code, reason: frame.reason };
          break;
        case "invalid":
          break;
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.disposed) return;
      const code = closing?.code ?? event.code;
      this.retryOrEnd(code, closing?.reason ?? (event.reason || "The connection was lost."));
    };
  }

  private sendSize(): void {
    const size = this.options.size();
    if (size) this.resize(size.cols, size.rows);
  }

  private onRendered(socket: SocketLike, bytes: number): void {
    // Acks for a socket that has since been replaced would count against the new one.
    if (this.socket !== socket) return;
    this.rendered += bytes;
    if (this.rendered - this.acked >= ACK_EVERY_BYTES) {
      this.send(encodeAck(this.rendered - this.acked));
      this.acked = this.rendered;
    }
  }

  private retryOrEnd(code: number, reason: string): void {
    if (!isReconnectableClose(code) || this.attempt >= MAX_RECONNECT_ATTEMPTS) {
      const gaveUp = isReconnectableClose(code);
      this.options.onState({ status: "ended", code, reason: gaveUp ? `Could not reconnect: ${reason}` : reason });
      return;
    }
    this.attempt++;
    const delayMs = reconnectDelayMs(this.attempt, this.options.random);
    this.options.onState({ status: "reconnecting", attempt: this.attempt, delayMs });
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}
