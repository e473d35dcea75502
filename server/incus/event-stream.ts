import type { WebSocket } from "ws";
import { backoffDelay } from "../live/backoff";
import type { IncusEvent } from "./api-types";
import type { IncusEndpoint } from "./endpoint";
import { isLxcError } from "../lxc/errors";
import { openIncusWebSocket } from "./websocket";

/**
 * GET /1.0/events (lifecycle), kept open: every instance created, started,
 * stopped, frozen, renamed, moved or deleted on the host (on every member of
 * a cluster), as it happens. When it drops it says so (the Hosts page and
 * the list show the stream down), and is opened again with backoff (1 s
 * doubling to 30 s); `onUp(restarted)` tells the owner to resync, since
 * events while it was down are lost. A silent connection is found by pings.
 */
export interface EventStreamHooks {
  onEvent(event: IncusEvent): void;
  onUp(restarted: boolean): void;
  onDown(problem: string): void;
}

export interface EventStream {
  stop(): void;
  /** Drops the connection as if it had broken (tests of the resync). */
  drop(): void;
}

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
const PING_MS = 15_000;
const EVENTS_PATH = "/1.0/events?type=lifecycle";

export function startEventStream(endpoint: IncusEndpoint, hooks: EventStreamHooks): EventStream {
  let stopped = false;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let opened = 0;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;

  const down = (problem: string) => {
    clearInterval(ping);
    ws = null;
    if (stopped) return;
    const delay = backoffDelay(attempt++, INITIAL_BACKOFF_MS, MAX_BACKOFF_MS);
    hooks.onDown(`${problem}; trying again in ${Math.round(delay / 1000)} s`);
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    let socket: WebSocket;
    try {
      socket = await openIncusWebSocket(endpoint, EVENTS_PATH);
    } catch (err) {
      return down(`the event stream could not be opened: ${isLxcError(err) || err instanceof Error ? err.message : String(err)}`);
    }
    if (stopped) return void socket.close();
    ws = socket;
    attempt = 0;
    let alive = true;
    socket.on("pong", () => (alive = true));
    ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_MS);
    ping.unref();
    socket.on("message", (data) => {
      let event: IncusEvent;
      try {
        event = JSON.parse(String(data)) as IncusEvent;
      } catch {
        return;
      }
      hooks.onEvent(event);
    });
    socket.once("close", (code) => {
      if (ws === socket) down(`the event stream closed (code ${code})`);
    });
    socket.on("error", () => {
      // 'close' follows.
    });
    hooks.onUp(opened++ > 0);
  };
  void connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      ws?.close();
      ws = null;
    },
    drop() {
      ws?.terminate();
    },
  };
}
