import { describe, expect, it } from "vitest";
import { isTerminalUpgradePath, parseTerminalUpgrade } from "@/server/terminal/upgrade-request";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("isTerminalUpgradePath", () => {
  it("matches the terminal path with any query, and nothing else", () => {
    expect(isTerminalUpgradePath("/api/terminal/ws?container=web")).toBe(true);
    expect(isTerminalUpgradePath("/api/terminal/ws")).toBe(true);
    expect(isTerminalUpgradePath("/_next/webpack-hmr")).toBe(false);
    expect(isTerminalUpgradePath("/api/terminal/ws/extra")).toBe(false);
    expect(isTerminalUpgradePath("/api/terminal")).toBe(false);
    expect(isTerminalUpgradePath(undefined)).toBe(false);
  });
});

describe("parseTerminalUpgrade", () => {
  it("reads a new session's request with defaults", () => {
    expect(parseTerminalUpgrade("/api/terminal/ws?container=web&ticket=T")).toEqual({
      ok: true,
      request: { container: "web", ticket: "T", sessionId: null, name: null, size: { cols: 80, rows: 24 } },
    });
  });

  it("reads a reattach with name and clamped size", () => {
    expect(parseTerminalUpgrade(`/api/terminal/ws?container=web&ticket=T&session=${ID}&name=+logs+&cols=5000&rows=40`)).toEqual({
      ok: true,
      request: { container: "web", ticket: "T", sessionId: ID, name: "logs", size: { cols: 1000, rows: 40 } },
    });
  });

  it("leaves a missing ticket for the authorize step to refuse", () => {
    expect(parseTerminalUpgrade("/api/terminal/ws?container=web")).toMatchObject({ ok: true, request: { ticket: "" } });
  });

  it.each([
    ["/api/terminal/ws?container=..%2Fetc&ticket=T", /container name/],
    ["/api/terminal/ws?container=-n&ticket=T", /container name/],
    ["/api/terminal/ws?container=1234&ticket=T", /container name/],
    ["/api/terminal/ws?ticket=T", /container name/],
    ["/api/terminal/ws?container=a&container=b&ticket=T", /once/],
    ["/api/terminal/ws?container=web&ticket=T&ticket=U", /repeated/],
    ["/api/terminal/ws?container=web&ticket=T&session=..%2F..", /session id/],
    ["/api/terminal/ws?container=web&ticket=T&name=%1B%5B2J", /control characters/],
    ["/api/terminal/ws?container=web&ticket=T&cols=0&rows=0", /size/],
    ["/api/terminal/ws?container=web&ticket=T&cols=80", /size/],
    ["/api/terminal/ws?container=web&ticket=T&cols=abc&rows=24", /size/],
  ])("refuses %s", (url, reason) => {
    const parsed = parseTerminalUpgrade(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
