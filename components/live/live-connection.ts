import { LIVE_CLOSE, LIVE_WS_PATH, type LiveEvent } from "@/lib/live-events";
import { reconnectDelayMs } from "@/components/terminal/reconnect-backoff";

/** Where the tab's push stream stands: "reconnecting" shows the thin bar under the top bar. */
export type LiveConnectionState = "connecting" | "open" | "reconnecting" | "signed-out";

/**
 * One WebSocket per tab to the push stream. A dropped connection is tried
 * again with backoff (½ s doubling to 10 s, jittered) for as long as the tab
 * is open; every connection starts with a snapshot, so nothing missed while
 * down stays wrong. A close for an ended sign-in stops it.
 */
export class LiveConnection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly onEvent: (event: LiveEvent) => void,
    private readonly onState: (state: LiveConnectionState) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000, "tab closed");
    this.ws = null;
  }

  private connect(): void {
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}${LIVE_WS_PATH}`);
    this.ws = ws;
    this.onState(this.attempt === 0 ? "connecting" : "reconnecting");
    ws.onmessage = (m) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(String(m.data)) as LiveEvent;
      } catch {
        return;
      }
      if (event.type === "snapshot") {
        this.attempt = 0;
        this.onState("open");
      }
      this.onEvent(event);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      if (e.code === LIVE_CLOSE.signedOut || e.code === LIVE_CLOSE.forbidden) return this.onState("signed-out");
      this.onState("reconnecting");
      this.attempt++;
      this.timer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempt));
    };
  }
}
