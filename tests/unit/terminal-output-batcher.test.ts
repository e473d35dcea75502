import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OutputBatcher } from "@/server/terminal/output-batcher";

describe("OutputBatcher", () => {
  let clock = 0;
  let sent: string[] = [];
  const make = () => new OutputBatcher((b) => sent.push(b.toString()), { windowMs: 4, maxBytes: 10, now: () => clock });
  const advance = async (ms: number) => {
    clock += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1000;
    sent = [];
  });
  afterEach(() => vi.useRealTimers());

  it("sends the first output after a quiet spell on the next turn, joining what came in the same turn", async () => {
    const batcher = make();
    batcher.push(Buffer.from("a"));
    batcher.push(Buffer.from("b"));
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(["ab"]);
  });

  it("while output streams, sends at most once per window", async () => {
    const batcher = make();
    batcher.push(Buffer.from("1"));
    await vi.advanceTimersByTimeAsync(0);
    await advance(1);
    batcher.push(Buffer.from("2"));
    await advance(1);
    batcher.push(Buffer.from("3"));
    expect(sent).toEqual(["1"]);
    await advance(1);
    expect(sent).toEqual(["1"]);
    await advance(1); // 4 ms after the first send
    expect(sent).toEqual(["1", "23"]);
  });

  it("sends at once when a batch reaches its size limit", () => {
    const batcher = make();
    batcher.push(Buffer.from("12345"));
    batcher.push(Buffer.from("67890"));
    expect(sent).toEqual(["1234567890"]);
  });

  it("flush sends now and clear drops pending output and the scheduled send", async () => {
    const batcher = make();
    batcher.push(Buffer.from("x"));
    batcher.flush();
    expect(sent).toEqual(["x"]);
    batcher.push(Buffer.from("dropped"));
    batcher.clear();
    await advance(10);
    expect(sent).toEqual(["x"]);
    batcher.flush();
    expect(sent).toEqual(["x"]);
  });

  it("ignores empty chunks", async () => {
    const batcher = make();
    batcher.push(Buffer.alloc(0));
    await advance(10);
    expect(sent).toEqual([]);
  });
});
