import { describe, expect, it } from "vitest";
import { FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK, ACK_EVERY_BYTES } from "@/lib/terminal-protocol";
import { FlowControl } from "@/server/terminal/flow-control";

describe("FlowControl", () => {
  it("pauses once, when unacked output passes the high watermark", () => {
    const flow = new FlowControl(100, 10);
    expect(flow.sent(60)).toBe(false);
    expect(flow.sent(40)).toBe(false); // exactly at the mark: not above it
    expect(flow.isPaused).toBe(false);
    expect(flow.sent(1)).toBe(true);
    expect(flow.isPaused).toBe(true);
    expect(flow.sent(50)).toBe(false); // already paused: no second signal
    expect(flow.unackedBytes).toBe(151);
  });

  it("resumes only below the low watermark", () => {
    const flow = new FlowControl(100, 10);
    flow.sent(150);
    expect(flow.acked(100)).toBe(false); // 50 left: between the marks, stays paused
    expect(flow.acked(40)).toBe(false); // 10 left: not below 10
    expect(flow.isPaused).toBe(true);
    expect(flow.acked(1)).toBe(true);
    expect(flow.isPaused).toBe(false);
    expect(flow.acked(5)).toBe(false); // already running
  });

  it("treats an ack for more than is outstanding as everything acked", () => {
    const flow = new FlowControl(100, 10);
    flow.sent(200);
    expect(flow.acked(1_000_000)).toBe(true);
    expect(flow.unackedBytes).toBe(0);
    // Surplus acks are not credit: the next burst still pauses on time.
    expect(flow.sent(101)).toBe(true);
  });

  it("ignores negative and fractional acks", () => {
    const flow = new FlowControl(100, 10);
    flow.sent(150);
    expect(flow.acked(-1000)).toBe(false);
    expect(flow.acked(149.5)).toBe(false);
    expect(flow.unackedBytes).toBe(150);
  });

  it("reset forgets the count and says whether the producer was paused", () => {
    const flow = new FlowControl(100, 10);
    flow.sent(50);
    expect(flow.reset()).toBe(false);
    flow.sent(150);
    expect(flow.reset()).toBe(true);
    expect(flow.unackedBytes).toBe(0);
    expect(flow.isPaused).toBe(false);
  });

  it("refuses watermarks that would never resume", () => {
    expect(() => new FlowControl(10, 10)).toThrow(RangeError);
    expect(() => new FlowControl(10, -1)).toThrow(RangeError);
  });

  it("default figures let a client that acks every ACK_EVERY_BYTES always resume the shell", () => {
    expect(FLOW_LOW_WATERMARK).toBeGreaterThan(ACK_EVERY_BYTES);
    const flow = new FlowControl();
    flow.sent(FLOW_HIGH_WATERMARK + 1);
    // The client renders it all and acks whole steps; what it still owes is under one step.
    const steps = Math.floor((FLOW_HIGH_WATERMARK + 1) / ACK_EVERY_BYTES);
    let resumed = false;
    for (let i = 0; i < steps; i++) resumed ||= flow.acked(ACK_EVERY_BYTES);
    expect(resumed).toBe(true);
  });
});
