import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ACK_EVERY_BYTES,
  ClientOp,
  decodeClientFrame,
  encodeClosing,
  encodeOutput,
  encodeSessionInfo,
  type SessionInfo,
} from "@/lib/terminal-protocol";
import { MAX_RECONNECT_ATTEMPTS, reconnectDelayMs } from "@/components/terminal/reconnect-backoff";
import {
  TerminalConnection,
  TicketRefused,
  type ConnectionState,
  type SocketLike,
} from "@/components/terminal/terminal-connection";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

class FakeSocket implements SocketLike {
  binaryType: BinaryType = "blob";
  readyState = 1;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  sent: Uint8Array[] = [];
  closedWith: number | undefined;
  constructor(readonly path: string) {}
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  receive(frame: Uint8Array) {
    const data = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
    this.onmessage?.({ data } as MessageEvent);
  }
  drop(code: number, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
  query(key: string) {
    return new URL(this.path, "http://x").searchParams.get(key);
  }
  frames() {
    return this.sent.map((f) => decodeClientFrame(f));
  }
}

describe("reconnectDelayMs", () => {
  it("doubles from half a second up to ten, with jitter between 50 and 100 %", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelayMs(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(reconnectDelayMs(1, () => 0)).toBe(250);
  });
});

describe("TerminalConnection", () => {
  let sockets: FakeSocket[];
  let states: ConnectionState[];
  let written: string[];
  let pendingRenders: Array<() => void>;
  let resets: number;
  let tickets: number;
  let ticketError: Error | null;

  const make = (sessionId?: string) =>
    new TerminalConnection({
      container: "web",
      sessionId,
      name: "logs",
      getTicket: async () => {
        if (ticketError) throw ticketError;
        return `ticket-${++tickets}`;
      },
      sink: {
        reset: () => void resets++,
        write: (data, rendered) => {
          written.push(Buffer.from(data).toString());
          pendingRenders.push(rendered);
        },
      },
      size: () => ({ cols: 120, rows: 40 }),
      onState: (state) => void states.push(state),
      openSocket: (path) => {
        const socket = new FakeSocket(path);
        sockets.push(socket);
        return socket;
      },
      random: () => 1,
    });
  const info = (over: Partial<SessionInfo> = {}) =>
    encodeSessionInfo({ sessionId: ID, name: "logs", container: "web", replayBytes: 0, ...over });

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    states = [];
    written = [];
    pendingRenders = [];
    resets = 0;
    tickets = 0;
    ticketError = null;
  });
  afterEach(() => vi.useRealTimers());

  it("opens a new session with a ticket, name and size, then sends its size once attached", async () => {
    make().start();
    await vi.advanceTimersByTimeAsync(0);
    const [socket] = sockets;
    expect(socket!.binaryType).toBe("arraybuffer");
    expect([socket!.query("container"), socket!.query("ticket"), socket!.query("name"), socket!.query("session")]).toEqual([
      "web", "ticket-1", "logs", null,
    ]);
    expect([socket!.query("cols"), socket!.query("rows")]).toEqual(["120", "40"]);
    socket!.receive(info());
    expect(states.at(-1)).toEqual({ status: "connected", session: expect.objectContaining({ sessionId: ID }) });
    expect(resets).toBe(1);
    expect(socket!.frames()).toEqual([{ type: "resize", cols: 120, rows: 40 }]);
  });

  it("acks rendered output in steps of ACK_EVERY_BYTES", async () => {
    make().start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    socket.receive(info());
    socket.sent = [];
    const chunk = new Uint8Array(ACK_EVERY_BYTES / 2).fill(0x79);
    socket.receive(encodeOutput(chunk));
    socket.receive(encodeOutput(chunk));
    socket.receive(encodeOutput(chunk));
    expect(socket.sent).toEqual([]); // nothing rendered yet, nothing acked
    for (const rendered of pendingRenders.splice(0)) rendered();
    expect(socket.frames()).toEqual([{ type: "ack", bytes: ACK_EVERY_BYTES }]);
    expect(written.join("").length).toBe((3 * ACK_EVERY_BYTES) / 2);
  });

  it("after a dropped connection reattaches to the same session with a new ticket, with backoff", async () => {
    make().start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.receive(info());
    sockets[0]!.drop(1006);
    expect(states.at(-1)).toEqual({ status: "reconnecting", attempt: 1, delayMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect([sockets[1]!.query("session"), sockets[1]!.query("ticket"), sockets[1]!.query("name")]).toEqual([ID, "ticket-2", null]);
    sockets[1]!.receive(info({ replayBytes: 10 }));
    expect(resets).toBe(2);
    expect(states.at(-1)?.status).toBe("connected");
  });

  it("ends for good on the session's own close, with the server's reason", async () => {
    make(ID).start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    socket.receive(encodeClosing(4404, "web is not running (STOPPED)."));
    socket.drop(4404, "web is not");
    expect(states.at(-1)).toEqual({ status: "ended", code: 4404, reason: "web is not running (STOPPED)." });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it("ends at once when the ticket is refused, but retries when it could not be fetched", async () => {
    ticketError = new TicketRefused("This needs an admin.");
    make().start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(0);
    expect(states.at(-1)).toEqual({ status: "ended", code: 4403, reason: "This needs an admin." });

    states = [];
    ticketError = new Error("Failed to fetch");
    make().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toMatchObject({ status: "reconnecting", attempt: 1 });
    ticketError = null;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(1);
  });

  it("reconnects with a fresh ticket after a stale-ticket refusal", async () => {
    make(ID).start();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.receive(encodeClosing(4419, "The terminal's one-time ticket expired before it was used."));
    sockets[0]!.drop(4419);
    expect(states.at(-1)).toMatchObject({ status: "reconnecting", attempt: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect([sockets[1]!.query("session"), sockets[1]!.query("ticket")]).toEqual([ID, "ticket-2"]);
  });

  it("gives up after MAX_RECONNECT_ATTEMPTS failed attempts and says so", async () => {
    make().start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i <= MAX_RECONNECT_ATTEMPTS; i++) {
      sockets.at(-1)!.drop(1006);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 1);
    expect(states.at(-1)).toMatchObject({ status: "ended", code: 1006, reason: expect.stringMatching(/^Could not reconnect/) });
  });

  it("sends input split into frames, a close request, and nothing once disposed", async () => {
    const connection = make();
    connection.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    connection.sendInput("ls\r");
    connection.resize(0, 0); // an unmeasurable size is not sent
    connection.closeSession();
    expect(socket.sent.map((f) => f[0])).toEqual([ClientOp.Input, ClientOp.Close]);
    connection.dispose();
    expect(socket.closedWith).toBe(1000);
    socket.drop(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });
});
