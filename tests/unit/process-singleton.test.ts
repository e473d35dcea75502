import { describe, expect, it, vi } from "vitest";

describe("processSingleton", () => {
  it("gives two copies of a module one value (as the custom server and Next's bundle load it twice)", async () => {
    const first = await import("@/server/process-singleton");
    vi.resetModules();
    const second = await import("@/server/process-singleton");
    expect(second).not.toBe(first);

    let made = 0;
    const a = first.processSingleton("test.shared-map", () => (made++, new Map<string, number>()));
    const b = second.processSingleton("test.shared-map", () => (made++, new Map<string, number>()));
    expect(b).toBe(a);
    expect(made).toBe(1);
  });

  it("keeps different names apart, and set/peek replace and forget", async () => {
    const { processSingleton, peekProcessSingleton, setProcessSingleton } = await import("@/server/process-singleton");
    expect(processSingleton("test.one", () => 1)).toBe(1);
    expect(processSingleton("test.two", () => 2)).toBe(2);
    expect(peekProcessSingleton("test.never-made")).toBeUndefined();
    setProcessSingleton("test.one", 10);
    expect(peekProcessSingleton("test.one")).toBe(10);
    setProcessSingleton("test.one", undefined);
    expect(peekProcessSingleton("test.one")).toBeUndefined();
  });
});
