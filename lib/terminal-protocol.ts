/**
 * The browser terminal's wire protocol, shared by the server (server/terminal/)
 * and the browser (components/terminal/). Pure: no Node or DOM APIs.
 *
 * One WebSocket per terminal tab, at
 *
 *   /api/terminal/ws?container=NAME&ticket=T[&session=ID][&name=TAB][&cols=C&rows=R]
 *
 * - container: the container's name (lib/container-name.ts); checked first.
 * - ticket:    the short-lived single-use ticket for this user and container.
 * - session:   an existing session's id, to reattach after a reload or a drop;
 *              without it a new session (a new shell) is opened.
 * - name:      the tab's name for a new session (default "shell N").
 * - cols/rows: the initial size of a new session (default 80×24), clamped.
 *
 * Every frame is binary; its first byte is an opcode. Client → server opcodes
 * are 0x01–0x04, server → client 0x81–0x83, so a frame sent the wrong way is
 * recognisably wrong. Integers are big-endian.
 *
 *   client → server
 *     0x01 input    raw bytes for the shell (at most MAX_INPUT_BYTES; bigger ones are ignored)
 *     0x02 resize   uint16 cols, uint16 rows (clamped to 1..1000; a 0 makes it ignored)
 *     0x03 ack      uint32: bytes of output the terminal has rendered since the last ack
 *     0x04 close    end this session (the shell is ended, like closing the tab)
 *   server → client
 *     0x81 output   raw bytes from the shell
 *     0x82 session  UTF-8 JSON SessionInfo; sent once after each (re)attach, before the
 *                   replay: the next `replayBytes` output bytes are the saved scrollback
 *     0x83 closing  uint16 close code, UTF-8 reason; sent just before the socket closes
 *                   (the close frame's own reason is cut to 123 bytes)
 *
 * Flow control: the client acks what it has rendered every ACK_EVERY_BYTES;
 * the server pauses the shell while more than FLOW_HIGH_WATERMARK bytes are
 * unacknowledged and resumes it below FLOW_LOW_WATERMARK. With no tab
 * attached nothing is acked, so a detached shell stops being read at the high
 * watermark; a (re)attach starts the count afresh from its replay.
 */

export const TERMINAL_WS_PATH = "/api/terminal/ws";

export const ClientOp = { Input: 0x01, Resize: 0x02, Ack: 0x03, Close: 0x04 } as const;
export const ServerOp = { Output: 0x81, Session: 0x82, Closing: 0x83 } as const;

/**
 * Why a terminal socket closed: the one table of close codes, for the terminal
 * server, the upgrade check in server/auth and the browser alike (each code
 * means one thing). Standard codes where they fit; 4xxx are the dashboard's
 * own reasons (4400–4499 mirror the HTTP status of the same sense). A socket
 * never closes with 1006 on purpose: refusals happen after the upgrade, with
 * a Closing frame and one of these codes.
 */
export const TerminalCloseCode = {
  /** The shell exited by itself (`exit`, Ctrl-D); any exit status. */
  ShellExited: 1000,
  /** The server is shutting down; the session is gone. */
  ServerShutdown: 1001,
  /** A frame above MAX_FRAME_BYTES (sent by the ws library); the session stays. */
  FrameTooBig: 1009,
  /** The shell could not be started. */
  InternalError: 1011,
  /** The container stopped; the shell went with it. */
  ContainerStopped: 4001,
  /** lxc-attach was killed from the host while the container kept running. */
  AttachKilled: 4002,
  /** Malformed request: bad container name, tab name, session id or size. */
  BadRequest: 4400,
  /** No dashboard session, or it expired: sign in again. */
  NotSignedIn: 4401,
  /** Signed in but not allowed: not an admin, a disabled account, foreign Origin or Host, a ticket for someone or something else. */
  NotAllowed: 4403,
  /** No such container, or it is not running. */
  ContainerNotRunning: 4404,
  /** Ended after the configured time with no tab attached. */
  IdleTimeout: 4408,
  /** A user ended the session (closed the tab or ended it from the session list). */
  EndedByUser: 4409,
  /** The session to reattach to does not exist (any more) or is not this user's. */
  SessionGone: 4410,
  /** Another tab or window attached to this session and took it over. */
  OpenedElsewhere: 4411,
  /** The ticket is unknown, already used or expired: the browser gets a new one and tries again. */
  TicketInvalid: 4419,
  /** This user already has MAX_SESSIONS_PER_CONTAINER sessions on the container. */
  TooManySessions: 4429,
} as const;
export type TerminalCloseCode = (typeof TerminalCloseCode)[keyof typeof TerminalCloseCode];

/**
 * Closes after which the browser should reconnect (with backoff) to the same
 * session: the connection broke, not the session. 1006 is what a browser
 * reports for a dropped connection; a stale ticket (a tab asleep between
 * minting and connecting) only needs a fresh one.
 */
export function isReconnectableClose(code: number): boolean {
  return code === 1006 || code === TerminalCloseCode.FrameTooBig || code === TerminalCloseCode.TicketInvalid;
}

/** Sizes and limits. */
export const MAX_TERMINAL_DIMENSION = 1000;
/** The ws library's maxPayload: bigger frames close the socket with 1009. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Input frames with more bytes than this are ignored; the client splits pastes. */
export const MAX_INPUT_BYTES = 64 * 1024;
/** Output is batched for at most this long before it is sent as one frame. */
export const OUTPUT_BATCH_MS = 4;
/** A batch is sent at once when it reaches this size. */
export const OUTPUT_FRAME_MAX_BYTES = 64 * 1024;
/** Scrollback kept per session and replayed on reattach. */
export const SCROLLBACK_BYTES = 256 * 1024;
export const MAX_SESSIONS_PER_CONTAINER = 8;
export const MAX_TAB_NAME_LENGTH = 40;

/**
 * Flow-control figures. VS Code pauses at 100,000 unacked chars and resumes
 * under 5,000; ours are a little larger so one round trip on a LAN does not
 * starve throughput, and still small enough that Ctrl-C lands within
 * milliseconds of rendering. LOW must exceed ACK_EVERY_BYTES, or a client that
 * has rendered everything but not yet acked its last partial step could leave
 * the shell paused for ever.
 */
export const FLOW_HIGH_WATERMARK = 256 * 1024;
export const FLOW_LOW_WATERMARK = 32 * 1024;
export const ACK_EVERY_BYTES = 16 * 1024;

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** What the server says after each (re)attach. */
export interface SessionInfo {
  sessionId: string;
  name: string;
  container: string;
  /** The next replayBytes bytes of output are the replayed scrollback. */
  replayBytes: number;
}

export type ClientFrame =
  | { type: "input"; data: Uint8Array }
  | { type: "resize"; cols: number; rows: number }
  | { type: "ack"; bytes: number }
  | { type: "close" }
  | { type: "invalid"; reason: string };

export type ServerFrame =
  | { type: "output"; data: Uint8Array }
  | { type: "session"; info: SessionInfo }
  | { type: "closing"; code: number; reason: string }
  | { type: "invalid"; reason: string };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

function frame(op: number, payloadLength: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(1 + payloadLength);
  bytes[0] = op;
  return { bytes, view: new DataView(bytes.buffer) };
}

function withPayload(op: number, payload: Uint8Array): Uint8Array {
  const { bytes } = frame(op, payload.length);
  bytes.set(payload, 1);
  return bytes;
}

/**
 * A size both ends agree on: whole numbers clamped to 1..1000. Null when a
 * dimension is 0, negative or not a number: a hidden element measures 0×0 and
 * the shell should keep its last size rather than shrink to one cell.
 */
export function clampTerminalSize(cols: number, rows: number): TerminalSize | null {
  if (!Number.isFinite(cols) || !Number.isFinite(rows)) return null;
  const c = Math.floor(cols);
  const r = Math.floor(rows);
  if (c < 1 || r < 1) return null;
  return { cols: Math.min(c, MAX_TERMINAL_DIMENSION), rows: Math.min(r, MAX_TERMINAL_DIMENSION) };
}

/** Input frames, split so none is over MAX_INPUT_BYTES (a big paste becomes several). */
export function encodeInputFrames(data: Uint8Array | string): Uint8Array[] {
  const bytes = typeof data === "string" ? textEncoder.encode(data) : data;
  const frames: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += MAX_INPUT_BYTES) {
    frames.push(withPayload(ClientOp.Input, bytes.subarray(at, at + MAX_INPUT_BYTES)));
  }
  return frames;
}

/** A resize frame, or null when the size is not one to send (see clampTerminalSize). */
export function encodeResize(cols: number, rows: number): Uint8Array | null {
  const size = clampTerminalSize(cols, rows);
  if (!size) return null;
  const { bytes, view } = frame(ClientOp.Resize, 4);
  view.setUint16(1, size.cols);
  view.setUint16(3, size.rows);
  return bytes;
}

export function encodeAck(bytes: number): Uint8Array {
  const { bytes: out, view } = frame(ClientOp.Ack, 4);
  view.setUint32(1, Math.max(0, Math.min(0xffffffff, Math.floor(bytes))));
  return out;
}

export function encodeCloseSession(): Uint8Array {
  return frame(ClientOp.Close, 0).bytes;
}

export function encodeOutput(data: Uint8Array): Uint8Array {
  return withPayload(ServerOp.Output, data);
}

export function encodeSessionInfo(info: SessionInfo): Uint8Array {
  return withPayload(ServerOp.Session, textEncoder.encode(JSON.stringify(info)));
}

export function encodeClosing(code: number, reason: string): Uint8Array {
  const text = textEncoder.encode(reason);
  const { bytes, view } = frame(ServerOp.Closing, 2 + text.length);
  view.setUint16(1, code);
  bytes.set(text, 3);
  return bytes;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a frame from the browser. Never throws; anything malformed is "invalid". */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  if (bytes.length === 0) return { type: "invalid", reason: "empty frame" };
  const op = bytes[0];
  const view = viewOf(bytes);
  switch (op) {
    case ClientOp.Input:
      if (bytes.length - 1 > MAX_INPUT_BYTES) return { type: "invalid", reason: "input frame too large" };
      return { type: "input", data: bytes.subarray(1) };
    case ClientOp.Resize:
      if (bytes.length !== 5) return { type: "invalid", reason: "resize frame must be 5 bytes" };
      return { type: "resize", cols: view.getUint16(1), rows: view.getUint16(3) };
    case ClientOp.Ack:
      if (bytes.length !== 5) return { type: "invalid", reason: "ack frame must be 5 bytes" };
      return { type: "ack", bytes: view.getUint32(1) };
    case ClientOp.Close:
      if (bytes.length !== 1) return { type: "invalid", reason: "close frame must be 1 byte" };
      return { type: "close" };
    default:
      return { type: "invalid", reason: `unknown opcode ${op}` };
  }
}

function parseSessionInfo(json: unknown): SessionInfo | null {
  if (typeof json !== "object" || json === null) return null;
  const o = json as Record<string, unknown>;
  if (typeof o.sessionId !== "string" || typeof o.name !== "string" || typeof o.container !== "string") return null;
  if (typeof o.replayBytes !== "number" || !Number.isInteger(o.replayBytes) || o.replayBytes < 0) return null;
  return { sessionId: o.sessionId, name: o.name, container: o.container, replayBytes: o.replayBytes };
}

/** Reads a frame from the server. Never throws; anything malformed is "invalid". */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  if (bytes.length === 0) return { type: "invalid", reason: "empty frame" };
  const op = bytes[0];
  try {
    switch (op) {
      case ServerOp.Output:
        return { type: "output", data: bytes.subarray(1) };
      case ServerOp.Session: {
        const info = parseSessionInfo(JSON.parse(textDecoder.decode(bytes.subarray(1))));
        return info ? { type: "session", info } : { type: "invalid", reason: "malformed session info" };
      }
      case ServerOp.Closing:
        if (bytes.length < 3) return { type: "invalid", reason: "closing frame too short" };
        return { type: "closing", code: viewOf(bytes).getUint16(1), reason: textDecoder.decode(bytes.subarray(3)) };
      default:
        return { type: "invalid", reason: `unknown opcode ${op}` };
    }
  } catch {
    return { type: "invalid", reason: "malformed text in frame" };
  }
}

const CONTROL_CHARACTER = /\p{Cc}/u;

/** The first problem with a tab name, or null when it is fine. */
export function terminalTabNameProblem(name: string): string | null {
  if (name.trim() === "") return "Enter a tab name.";
  if (name.length > MAX_TAB_NAME_LENGTH) return `A tab name has at most ${MAX_TAB_NAME_LENGTH} characters.`;
  if (CONTROL_CHARACTER.test(name)) return "A tab name cannot contain control characters.";
  return null;
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Session ids are random UUIDs. */
export function isTerminalSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

/** The socket URL's path and query for a tab (the caller adds ws(s)://host). */
export function terminalSocketPath(params: {
  container: string;
  ticket: string;
  session?: string;
  name?: string;
  size?: TerminalSize;
}): string {
  const query = new URLSearchParams({ container: params.container, ticket: params.ticket });
  if (params.session) query.set("session", params.session);
  if (params.name) query.set("name", params.name);
  if (params.size) {
    query.set("cols", String(params.size.cols));
    query.set("rows", String(params.size.rows));
  }
  return `${TERMINAL_WS_PATH}?${query}`;
}

/** A row of a container's list of open terminal sessions, as the page shows it. */
export interface TerminalSessionView {
  id: string;
  name: string;
  /** Who opened it. */
  user: string;
  /** ISO time it was opened. */
  openedAt: string;
  /** Whether a browser tab is attached to it now. */
  attached: boolean;
  /** Opened by the user looking: only those can be attached to from here. */
  mine: boolean;
}
