import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { LIVE_CLOSE, LIVE_WS_PATH, type LiveEvent } from "@/lib/live-events";
import { CLIENT_ADDRESS_HEADER } from "../auth/client-address";
import { authorize, type Actor } from "../auth/access-check";
import { onSessionsEnded } from "../auth/session-ends";
import { sessionStillValid } from "../auth/sessions";
import { subscribeLive } from "./live-bus";
import { liveSnapshot } from "./live-snapshot";

/**
 * The push stream: one WebSocket per tab on the custom server. The upgrade
 * passes the same door as every route (allowed Host, our own Origin — a
 * handshake is a GET, but it carries the session's data — and a live
 * session); the tab then gets a snapshot and every event its role may read.
 * A sign-out (or expiry) closes it with 4401; the server pings every 30 s
 * and drops a tab that does not answer.
 */
export interface LiveSocketServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  openCount(): number;
  shutdown(): void;
}

const PING_MS = 30_000;
const SIGN_IN_CHECK_MS = 60_000;
/** A tab that cannot keep up (a stalled connection) is dropped rather than buffered without end; it resyncs on reconnect. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function isLiveUpgradePath(url: string | undefined): boolean {
  return new URL(url ?? "/", "http://x").pathname === LIVE_WS_PATH;
}

export function startLiveSocketServer(): LiveSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const open = new Map<WebSocket, Actor>();
  const alive = new WeakSet<WebSocket>();

  // One look per sign-in, however many tabs it has open.
  const recheckSignIns = async () => {
    const tabs = new Map<number, WebSocket[]>();
    for (const [ws, actor] of open) tabs.set(actor.sessionId, [...(tabs.get(actor.sessionId) ?? []), ws]);
    await Promise.all(
      [...tabs].map(async ([sessionId, sockets]) => {
        if (await sessionStillValid(sessionId).catch(() => true)) return;
        for (const ws of sockets) ws.close(LIVE_CLOSE.signedOut, "Your sign-in ended; sign in again.");
      }),
    );
  };
  const stopListening = onSessionsEnded(recheckSignIns);
  const signInTimer = setInterval(() => void recheckSignIns(), SIGN_IN_CHECK_MS);
  signInTimer.unref();
  const pingTimer = setInterval(() => {
    for (const ws of open.keys()) {
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, PING_MS);
  pingTimer.unref();

  // One event goes to every tab: written out once, not once per tab.
  const serialized = new WeakMap<LiveEvent, string>();
  const send = (ws: WebSocket, event: LiveEvent) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
    let text = serialized.get(event);
    if (text === undefined) serialized.set(event, (text = JSON.stringify(event)));
    ws.send(text);
  };

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const h = req.headers;
    const address = typeof h[CLIENT_ADDRESS_HEADER] === "string" ? h[CLIENT_ADDRESS_HEADER] || null : null;
    const result = await authorize(
      { method: "GET", isAction: true, host: h.host ?? null, origin: h.origin ?? null, cookieHeader: h.cookie ?? null, address },
      "viewer",
      "open live stream",
      // A tab left open past its sign-in reconnects and is refused: ordinary, not worth a row each time.
      { quietWhenSignedOut: true },
    );
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!result.ok) {
        ws.close(result.status === 401 ? LIVE_CLOSE.signedOut : LIVE_CLOSE.forbidden, result.message);
        return;
      }
      const actor = result.actor;
      open.set(ws, actor);
      alive.add(ws);
      ws.on("pong", () => alive.add(ws));
      ws.on("error", () => {});
      // Events that arrive while the snapshot is being made wait behind it.
      const queued: LiveEvent[] = [];
      let ready = false;
      const unsubscribe = subscribeLive(actor.role, (event) => (ready ? send(ws, event) : queued.push(event)));
      ws.on("close", () => {
        unsubscribe();
        open.delete(ws);
      });
      void liveSnapshot(actor)
        .then((snapshot) => {
          send(ws, snapshot);
          ready = true;
          for (const event of queued.splice(0)) send(ws, event);
        })
        .catch((err: unknown) => {
          console.error("live: snapshot failed", err);
          ws.close(1011, "The dashboard could not read the current state.");
        });
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      if (!isLiveUpgradePath(req.url)) return false;
      const ignoreError = () => {};
      socket.on("error", ignoreError);
      upgrade(req, socket, head)
        .catch((err: unknown) => {
          console.error("live: upgrade failed", err);
          socket.destroy();
        })
        .finally(() => socket.off("error", ignoreError));
      return true;
    },
    openCount: () => open.size,
    shutdown() {
      stopListening();
      clearInterval(signInTimer);
      clearInterval(pingTimer);
      for (const ws of open.keys()) ws.close(LIVE_CLOSE.shutdown, "The server is shutting down.");
      wss.close();
    },
  };
}
