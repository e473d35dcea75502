import { describe, expect, it } from "vitest";
import {
  ClientOp,
  clampTerminalSize,
  decodeClientFrame,
  decodeServerFrame,
  encodeAck,
  encodeCloseSession,
  encodeClosing,
  encodeInputFrames,
  encodeOutput,
  encodeResize,
  encodeSessionInfo,
  isReconnectableClose,
  isTerminalSessionId,
  MAX_INPUT_BYTES,
  ServerOp,
  terminalSocketPath,
  terminalTabNameProblem,
} from "@/lib/terminal-protocol";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("client frames", () => {
  it("round-trip input, resize, ack and close", () => {
    const [input] = encodeInputFrames("ls -l\r");
    expect(decodeClientFrame(input!)).toEqual({ type: "input", data: new TextEncoder().encode("ls -l\r") });
    expect(decodeClientFrame(encodeResize(132, 43)!)).toEqual({ type: "resize", cols: 132, rows: 43 });
    expect(decodeClientFrame(encodeAck(123_456))).toEqual({ type: "ack", bytes: 123_456 });
    expect(decodeClientFrame(encodeCloseSession())).toEqual({ type: "close" });
  });

  it("keep raw bytes of input intact, including invalid UTF-8", () => {
    const raw = bytes(0xff, 0x00, 0x1b, 0x5b, 0x41);
    const [frame] = encodeInputFrames(raw);
    expect(frame![0]).toBe(ClientOp.Input);
    expect(decodeClientFrame(frame!)).toEqual({ type: "input", data: raw });
  });

  it("split a big paste into frames the server accepts", () => {
    const paste = new Uint8Array(MAX_INPUT_BYTES * 2 + 10).fill(0x61);
    const frames = encodeInputFrames(paste);
    expect(frames.map((f) => f.length - 1)).toEqual([MAX_INPUT_BYTES, MAX_INPUT_BYTES, 10]);
    expect(frames.every((f) => decodeClientFrame(f).type === "input")).toBe(true);
    expect(encodeInputFrames("")).toEqual([]);
  });

  it("encode sizes big-endian", () => {
    expect([...encodeResize(300, 2)!]).toEqual([ClientOp.Resize, 0x01, 0x2c, 0x00, 0x02]);
  });

  it("reject empty, unknown, short, long and oversize frames without throwing", () => {
    expect(decodeClientFrame(bytes())).toMatchObject({ type: "invalid" });
    expect(decodeClientFrame(bytes(0x7f, 1, 2))).toEqual({ type: "invalid", reason: "unknown opcode 127" });
    expect(decodeClientFrame(bytes(ServerOp.Output, 0x61))).toMatchObject({ type: "invalid" });
    expect(decodeClientFrame(bytes(ClientOp.Resize, 0, 80, 0))).toMatchObject({ type: "invalid" });
    expect(decodeClientFrame(bytes(ClientOp.Resize, 0, 80, 0, 24, 0))).toMatchObject({ type: "invalid" });
    expect(decodeClientFrame(bytes(ClientOp.Ack, 1))).toMatchObject({ type: "invalid" });
    expect(decodeClientFrame(bytes(ClientOp.Close, 0))).toMatchObject({ type: "invalid" });
    const big = new Uint8Array(MAX_INPUT_BYTES + 2);
    big[0] = ClientOp.Input;
    expect(decodeClientFrame(big)).toEqual({ type: "invalid", reason: "input frame too large" });
  });

  it("decode from a view into a larger buffer (as ws hands out pooled Buffers)", () => {
    const pool = new Uint8Array(16);
    pool.set(encodeResize(80, 24)!, 7);
    expect(decodeClientFrame(pool.subarray(7, 12))).toEqual({ type: "resize", cols: 80, rows: 24 });
  });

  it("clamp acks to what a uint32 holds", () => {
    expect(decodeClientFrame(encodeAck(-5))).toEqual({ type: "ack", bytes: 0 });
    expect(decodeClientFrame(encodeAck(2 ** 40))).toEqual({ type: "ack", bytes: 0xffffffff });
  });
});

describe("server frames", () => {
  it("round-trip output, session info and closing", () => {
    expect(decodeServerFrame(encodeOutput(bytes(1, 2, 0xff)))).toEqual({ type: "output", data: bytes(1, 2, 0xff) });
    const info = { sessionId: "0f8fad5b-d9cb-469f-a165-70867728950e", name: "shell 1", container: "web", replayBytes: 42 };
    expect(decodeServerFrame(encodeSessionInfo(info))).toEqual({ type: "session", info });
    expect(decodeServerFrame(encodeClosing(4001, "The container stopped — ärgerlich."))).toEqual({
      type: "closing",
      code: 4001,
      reason: "The container stopped — ärgerlich.",
    });
  });

  it("reject malformed ones without throwing", () => {
    expect(decodeServerFrame(bytes())).toMatchObject({ type: "invalid" });
    expect(decodeServerFrame(bytes(ClientOp.Input))).toMatchObject({ type: "invalid" });
    expect(decodeServerFrame(bytes(ServerOp.Closing, 0x0f))).toMatchObject({ type: "invalid" });
    expect(decodeServerFrame(bytes(ServerOp.Closing, 0x0f, 0xa1, 0xff, 0xfe))).toMatchObject({ type: "invalid" });
    const notJson = new Uint8Array([ServerOp.Session, ...new TextEncoder().encode("{nope")]);
    expect(decodeServerFrame(notJson)).toMatchObject({ type: "invalid" });
    const wrongShape = new Uint8Array([ServerOp.Session, ...new TextEncoder().encode('{"sessionId":1}')]);
    expect(decodeServerFrame(wrongShape)).toMatchObject({ type: "invalid" });
  });
});

describe("clampTerminalSize", () => {
  it("keeps sensible sizes and clamps huge ones to 1000", () => {
    expect(clampTerminalSize(80, 24)).toEqual({ cols: 80, rows: 24 });
    expect(clampTerminalSize(100_000, 100_000)).toEqual({ cols: 1000, rows: 1000 });
    expect(clampTerminalSize(65_535, 3)).toEqual({ cols: 1000, rows: 3 });
    expect(clampTerminalSize(80.9, 24.2)).toEqual({ cols: 80, rows: 24 });
    expect(clampTerminalSize(1, 1)).toEqual({ cols: 1, rows: 1 });
  });

  it("refuses zero, negative and non-numbers", () => {
    expect(clampTerminalSize(0, 0)).toBeNull();
    expect(clampTerminalSize(80, 0)).toBeNull();
    expect(clampTerminalSize(-3, 24)).toBeNull();
    expect(clampTerminalSize(0.5, 24)).toBeNull();
    expect(clampTerminalSize(Number.NaN, 24)).toBeNull();
    expect(clampTerminalSize(Number.POSITIVE_INFINITY, 24)).toBeNull();
    expect(encodeResize(0, 0)).toBeNull();
    expect([...encodeResize(100_000, 100_000)!]).toEqual([ClientOp.Resize, 0x03, 0xe8, 0x03, 0xe8]);
  });
});

describe("names, ids, URLs and close codes", () => {
  it("checks tab names", () => {
    expect(terminalTabNameProblem("build log")).toBeNull();
    expect(terminalTabNameProblem("  ")).not.toBeNull();
    expect(terminalTabNameProblem("x".repeat(41))).not.toBeNull();
    expect(terminalTabNameProblem("evil\x1b[2J")).not.toBeNull();
  });

  it("recognises session ids", () => {
    expect(isTerminalSessionId("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isTerminalSessionId("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(false);
    expect(isTerminalSessionId("../../etc")).toBe(false);
  });

  it("builds the socket path with an escaped query", () => {
    expect(terminalSocketPath({ container: "web", ticket: "a+b/c", name: "my tab", size: { cols: 80, rows: 24 } })).toBe(
      "/api/terminal/ws?container=web&ticket=a%2Bb%2Fc&name=my+tab&cols=80&rows=24",
    );
  });

  it("reconnects only after closes that broke the connection, not the session", () => {
    expect(isReconnectableClose(1006)).toBe(true);
    expect(isReconnectableClose(1009)).toBe(true);
    expect(isReconnectableClose(4419)).toBe(true); // a stale ticket: a fresh one will do
    for (const code of [1000, 1001, 4001, 4401, 4403, 4404, 4408, 4409, 4410, 4411]) expect(isReconnectableClose(code)).toBe(false);
  });
});
