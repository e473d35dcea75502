import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import {
  encodeClosing,
  MAX_FRAME_BYTES,
  MAX_SESSIONS_PER_CONTAINER,
  TerminalCloseCode,
} from "@/lib/terminal-protocol";
import type { PtyExit, TerminalPty } from "./attach-pty";
import type { SessionEnd } from "./exit-reason";
import { lxcAttachBackend, type ShellBackend } from "./shell-backend";
import { TerminalSession, type TerminalPeer, type TerminalUser } from "./terminal-session";
import { isTerminalUpgradePath, parseTerminalUpgrade, type TerminalUpgradeRequest } from "./upgrade-request";

export type { TerminalUser } from "./terminal-session";

/**
 * Whether the web sign-in an upgrade came with still holds. `typed` says the
 * user typed into a terminal it holds since the last look: typing is using
 * the dashboard, so it should keep the sign-in from idling out.
 */
export type StillSignedIn = (typed: boolean) => Promise<boolean>;

export type AuthorizeResult =
  | { ok: true; user: TerminalUser; stillSignedIn: StillSignedIn }
  | { ok: false; code: number; reason: string };

/**
 * Decides whether this upgrade may open or reattach a terminal on this
 * container (session cookie, Origin, single-use ticket...). `ticket` is "" when
 * the URL has none. A refusal's code should be a 4xxx from TerminalCloseCode.
 * It writes its own audit rows for refusals; the terminal server audits the rest.
 */
export type AuthorizeTerminal = (req: IncomingMessage, container: string, ticket: string) => Promise<AuthorizeResult>;

/** One audit row's worth: a session opened or refused, or a session closed. */
export interface TerminalAuditEvent {
  action: "terminal open" | "terminal close";
  /** The user's name; null when the refusal came before anyone was identified. */
  actor: string | null;
  userId: string | number | null;
  address: string | null;
  /** Null when the request's container name was not a valid one. */
  container: string | null;
  /** The command run on the host; null for refusals before one was chosen. */
  command: string | null;
  outcome: "ok" | "refused" | "failed";
  /** lxc-attach's exit status, on close (null when killed by a signal). */
  exitCode: number | null;
  /** Session id and name, the close code and reason, or why it was refused. */
  detail: string;
}

export interface TerminalServerOptions {
  authorize: AuthorizeTerminal;
  /** The lxcpath every lxc-* command gets as -P. */
  lxcpath: string;
  /**
   * The backend for a container that is not this machine's classic one
   * (TARGET/NAME: an Incus host's); null for none. Classic names always get
   * lxc-attach on `lxcpath`.
   */
  otherBackend?: (container: string) => ShellBackend | null;
  /** Minutes a session lives with no tab attached; fractions allowed. Default 30. */
  idleMinutes?: number;
  /** How often every session's sign-in is looked at again (see recheckSignIns). Default 30 s. */
  signInCheckMs?: number;
  audit?: (event: TerminalAuditEvent) => void | Promise<void>;
  /** Where unexpected failures are reported. Default console.error. */
  logError?: (message: string, error: unknown) => void;
}

export interface TerminalSessionSummary {
  id: string;
  name: string;
  container: string;
  user: TerminalUser;
  openedAt: Date;
  attached: boolean;
}

export interface TerminalServer {
  /**
   * Takes an HTTP upgrade if it is for the terminal's path and returns true;
   * returns false (touching nothing) for any other path.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open sessions, all or one container's, oldest first. */
  listSessions(container?: string): TerminalSessionSummary[];
  /** Ends a session (its tab is told who ended it). False when there is no such session. */
  endSession(id: string, endedBy?: string): boolean;
  /**
   * Ends, with NotSignedIn, every session whose sign-in no longer holds: a
   * shell lives no longer than the web sign-in of the tab that last attached
   * to it (signed out, expired, ended by a password change, its user disabled
   * or removed). Runs every signInCheckMs, and at once when told sign-ins ended.
   */
  recheckSignIns(): Promise<void>;
  /** Ends every session and stops accepting; resolves when every shell is gone. */
  shutdown(): Promise<void>;
}

/** A silent peer is pinged this often, and dropped when it missed the previous ping. */
const HEARTBEAT_MS = 30_000;
/** How long shutdown waits for the shells to go. */
const SHUTDOWN_WAIT_MS = 5_000;

const SIGN_IN_ENDED: SessionEnd = {
  code: TerminalCloseCode.NotSignedIn,
  reason: "Your sign-in ended; sign in again to reconnect.",
};

/** The WebSocket close frame's reason holds at most 123 bytes of UTF-8. */
function closeFrameReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}

function closeSocket(ws: WebSocket, end: SessionEnd): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.send(encodeClosing(end.code, end.reason));
  ws.close(end.code, closeFrameReason(end.reason));
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

export function createTerminalServer(options: TerminalServerOptions): TerminalServer {
  const idleMs = (options.idleMinutes ?? 30) * 60_000;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const sessions = new Map<string, TerminalSession>();
  const classic = lxcAttachBackend(options.lxcpath);
  const backendFor = (container: string): ShellBackend | null => (container.includes("/") ? (options.otherBackend?.(container) ?? null) : classic);
  /** The sign-in of the tab that last attached to each session. */
  const signIns = new WeakMap<TerminalSession, StillSignedIn>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let shuttingDown = false;

  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let lastSignInCheck = Date.now();
  async function recheckSignIns(): Promise<void> {
    const since = lastSignInCheck;
    lastSignInCheck = Date.now();
    await Promise.all(
      [...sessions.values()].map(async (session) => {
        const stillSignedIn = signIns.get(session);
        if (!stillSignedIn || session.ended) return;
        let holds: boolean;
        try {
          holds = await stillSignedIn(session.lastInputAt >= since);
        } catch (error) {
          // The shell stays until a look succeeds: a failed lookup proves nothing ended.
          logError("terminal: could not check a session's sign-in", error);
          return;
        }
        // A tab of another sign-in may have attached meanwhile; that one holds the shell now.
        if (!holds && signIns.get(session) === stillSignedIn) session.end(SIGN_IN_ENDED);
      }),
    );
  }
  const signInCheck = setInterval(() => void recheckSignIns(), options.signInCheckMs ?? 30_000);
  signInCheck.unref();

  function audit(event: TerminalAuditEvent): void {
    if (!options.audit) return;
    Promise.resolve()
      .then(() => options.audit!(event))
      .catch((error) => logError("terminal: writing an audit row failed", error));
  }

  /** Completes the WebSocket handshake; null when the client went away or the handshake was bad. */
  function accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket | null> {
    if (socket.destroyed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const gone = () => resolve(null);
      socket.once("close", gone);
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off("close", gone);
        alive.add(ws);
        ws.on("pong", () => alive.add(ws));
        ws.on("error", () => {
          // ws closes the socket itself after an error (1009 for an oversize frame); 'close' follows.
        });
        resolve(ws);
      });
    });
  }

  /** Refusals complete the handshake first: only an open socket can carry a 4xxx code and a reason. */
  async function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, end: SessionEnd): Promise<void> {
    const ws = await accept(req, socket, head);
    if (ws) closeSocket(ws, end);
  }

  function connect(ws: WebSocket, session: TerminalSession, stillSignedIn: StillSignedIn): void {
    signIns.set(session, stillSignedIn);
    const peer: TerminalPeer = {
      send: (frame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      close: (end) => closeSocket(ws, end),
    };
    ws.on("message", (data, isBinary) => {
      if (isBinary) session.receive(peer, bytesOf(data));
    });
    ws.on("close", () => session.detach(peer));
    session.attach(peer);
  }

  function sessionsOf(user: TerminalUser, container: string): TerminalSession[] {
    return [...sessions.values()].filter((s) => s.container === container && s.user.id === user.id);
  }

  async function openSession(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    request: TerminalUpgradeRequest,
    { user, stillSignedIn }: { user: TerminalUser; stillSignedIn: StillSignedIn },
    refused: (end: SessionEnd) => Promise<void>,
  ): Promise<void> {
    const { container } = request;
    const mine = sessionsOf(user, container);
    if (mine.length >= MAX_SESSIONS_PER_CONTAINER) {
      return refused({
        code: TerminalCloseCode.TooManySessions,
        reason: `You already have ${MAX_SESSIONS_PER_CONTAINER} terminals open on ${container}; close one first.`,
      });
    }
    const backend = backendFor(container);
    if (!backend) return refused({ code: TerminalCloseCode.ContainerNotRunning, reason: `There is no container named ${container}.` });
    let state: string | null;
    try {
      state = await backend.readState(container);
    } catch (error) {
      logError(`terminal: could not read the state of ${container}`, error);
      return refused({ code: TerminalCloseCode.InternalError, reason: "Could not read the container's state." });
    }
    if (state !== "RUNNING") {
      return refused({
        code: TerminalCloseCode.ContainerNotRunning,
        reason: state === null ? `There is no container named ${container}.` : `${container} is not running (${state}).`,
      });
    }

    const ws = await accept(req, socket, head);
    if (!ws || shuttingDown) {
      if (ws) closeSocket(ws, { code: TerminalCloseCode.ServerShutdown, reason: "The server is shutting down." });
      return;
    }
    const base = { actor: user.name, userId: user.id, address: req.socket.remoteAddress ?? null, container };
    let pty: TerminalPty;
    let commandText: string;
    try {
      ({ pty, command: commandText } = await backend.spawn(container, request.size));
    } catch (error) {
      logError(`terminal: could not start a shell in ${container}`, error);
      audit({ ...base, command: null, action: "terminal open", outcome: "failed", exitCode: null, detail: error instanceof Error ? error.message : String(error) });
      closeSocket(ws, { code: TerminalCloseCode.InternalError, reason: "The shell could not be started." });
      return;
    }
    const session: TerminalSession = new TerminalSession({
      name: request.name ?? defaultTabName(mine),
      container,
      user,
      pty,
      idleMs,
      explainExit: (exit) => backend.explainExit(container, exit),
      onEnded: (ended, end, exit: PtyExit) => {
        sessions.delete(ended.id);
        audit({
          ...base,
          command: commandText,
          action: "terminal close",
          outcome: "ok",
          exitCode: exit.signal === 0 ? exit.exitCode : null,
          detail: `${end.code} ${end.reason} Session ${ended.id} "${ended.name}".`,
        });
      },
    });
    sessions.set(session.id, session);
    audit({ ...base, command: commandText, action: "terminal open", outcome: "ok", exitCode: null, detail: `Session ${session.id} "${session.name}".` });
    connect(ws, session, stillSignedIn);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const address = req.socket.remoteAddress ?? null;
    const auditedRefusal = (container: string | null, user: TerminalUser | null, end: SessionEnd): Promise<void> => {
      audit({
        action: "terminal open",
        actor: user?.name ?? null,
        userId: user?.id ?? null,
        address,
        container,
        command: null,
        outcome: "refused",
        exitCode: null,
        detail: `${end.code} ${end.reason}`,
      });
      return refuse(req, socket, head, end);
    };

    const parsed = parseTerminalUpgrade(req.url);
    if (!parsed.ok) return auditedRefusal(null, null, { code: TerminalCloseCode.BadRequest, reason: parsed.reason });
    const { request } = parsed;
    const auth = await options.authorize(req, request.container, request.ticket);
    // authorize audits its own refusals (server/auth does); a second row would only repeat it.
    if (!auth.ok) return refuse(req, socket, head, { code: auth.code, reason: auth.reason });
    const refused = (end: SessionEnd) => auditedRefusal(request.container, auth.user, end);
    if (shuttingDown) return refused({ code: TerminalCloseCode.ServerShutdown, reason: "The server is shutting down." });

    if (request.sessionId === null) return openSession(req, socket, head, request, auth, refused);

    const session = sessions.get(request.sessionId);
    // Another user's session, or one on another container, looks exactly like a missing one.
    if (!session || session.ended || session.user.id !== auth.user.id || session.container !== request.container) {
      return refused({ code: TerminalCloseCode.SessionGone, reason: "This terminal session has ended." });
    }
    const ws = await accept(req, socket, head);
    if (ws) connect(ws, session, auth.stillSignedIn);
  }

  return {
    handleUpgrade(req, socket, head) {
      if (!isTerminalUpgradePath(req.url)) return false;
      // Node's HTTP server drops its own error handler from an upgraded socket;
      // until ws adds one, a reset connection must not crash the process.
      const ignoreError = () => {};
      socket.on("error", ignoreError);
      upgrade(req, socket, head)
        .catch((error) => {
          logError("terminal: upgrade failed", error);
          socket.destroy();
        })
        .finally(() => socket.off("error", ignoreError));
      return true;
    },

    listSessions(container) {
      return [...sessions.values()]
        .filter((s) => !s.ended && (container === undefined || s.container === container))
        .map((s) => ({ id: s.id, name: s.name, container: s.container, user: s.user, openedAt: s.openedAt, attached: s.attached }));
    },

    endSession(id, endedBy) {
      const session = sessions.get(id);
      if (!session || session.ended) return false;
      session.end({ code: TerminalCloseCode.EndedByUser, reason: endedBy ? `${endedBy} ended this session.` : "A user ended this session." });
      return true;
    },

    recheckSignIns,

    async shutdown() {
      shuttingDown = true;
      clearInterval(heartbeat);
      clearInterval(signInCheck);
      const all = [...sessions.values()];
      for (const session of all) session.end({ code: TerminalCloseCode.ServerShutdown, reason: "The server is shutting down." });
      const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref());
      await Promise.race([Promise.all(all.map((s) => s.whenExited())), timeout]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** "shell 1", "shell 2"...: the lowest number none of the user's tabs on this container uses. */
function defaultTabName(existing: TerminalSession[]): string {
  const taken = new Set(existing.map((s) => s.name));
  let n = 1;
  while (taken.has(`shell ${n}`)) n++;
  return `shell ${n}`;
}
