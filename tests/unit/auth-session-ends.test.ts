import { afterEach, describe, expect, it, vi } from "vitest";
import { onSessionsEnded, sessionsEnded } from "@/server/auth/session-ends";

describe("listeners for ended sessions", () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    vi.restoreAllMocks();
  });

  it("tells every listener and waits for each", async () => {
    const heard: string[] = [];
    stops.push(onSessionsEnded(async () => void heard.push("terminals")));
    stops.push(
      onSessionsEnded(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        heard.push("slow");
      }),
    );
    await sessionsEnded();
    expect(heard.sort()).toEqual(["slow", "terminals"]);
  });

  it("logs a failing listener instead of throwing, and still tells the others", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let told = 0;
    stops.push(onSessionsEnded(async () => Promise.reject(new Error("terminal service down"))));
    stops.push(onSessionsEnded(async () => void told++));
    await expect(sessionsEnded()).resolves.toBeUndefined();
    expect(told).toBe(1);
    expect(logged).toHaveBeenCalledWith("auth: a listener for ended sessions failed", expect.objectContaining({ message: "terminal service down" }));
  });

  it("tells a listener no more once it is unregistered, also through another copy of the module", async () => {
    let told = 0;
    const stop = onSessionsEnded(async () => void told++);
    vi.resetModules();
    const otherCopy = await import("@/server/auth/session-ends");
    await otherCopy.sessionsEnded();
    expect(told).toBe(1);
    stop();
    await otherCopy.sessionsEnded();
    expect(told).toBe(1);
  });
});
