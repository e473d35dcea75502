import { describe, expect, it } from "vitest";
import {
  evaluateTerminalUpgrade,
  TERMINAL_CLOSE,
  TerminalTicketStore,
  type UpgradeRequest,
} from "@/server/auth/terminal-tickets";
import { admin, allowlist, cookieFor, fakeLookup, otherAdmin, tokens, viewer } from "./auth-fakes";

function setup() {
  let t = 5_000_000;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const tickets = new TerminalTicketStore(30_000, clock.now);
  const deps = { allowlist, lookupSession: fakeLookup, tickets };
  const upgrade = (over: Partial<UpgradeRequest> = {}): UpgradeRequest => ({
    origin: "http://localhost:3000",
    host: "localhost:3000",
    cookieHeader: cookieFor(tokens.admin),
    ticket: tickets.mint(admin.id, "web").ticket,
    container: "web",
    address: "192.168.1.20",
    ...over,
  });
  return { clock, tickets, deps, upgrade };
}

describe("terminal upgrade check", () => {
  it("accepts an admin with our Origin and a fresh ticket for this container", async () => {
    const { deps, upgrade } = setup();
    expect(await evaluateTerminalUpgrade(upgrade(), deps)).toEqual({
      ok: true,
      actor: { ...admin, sessionId: 11, address: "192.168.1.20" },
    });
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }, TERMINAL_CLOSE.forbidden, "origin-foreign"],
    ["Origin: null", { origin: "null" }, TERMINAL_CLOSE.forbidden, "origin-null"],
    ["no Origin", { origin: undefined }, TERMINAL_CLOSE.forbidden, "origin-missing"],
    ["another port's Origin", { origin: "http://localhost:8080" }, TERMINAL_CLOSE.forbidden, "origin-foreign"],
    ["a rebinding Host", { host: "evil.example:3000", origin: "http://evil.example:3000" }, TERMINAL_CLOSE.forbidden, "host-not-allowed"],
    ["no session", { cookieHeader: null }, TERMINAL_CLOSE.sessionRequired, "no-session"],
    ["a forged session", { cookieHeader: cookieFor("Z".repeat(43)) }, TERMINAL_CLOSE.sessionRequired, "session-unknown"],
    ["an expired session", { cookieHeader: cookieFor(tokens.expired) }, TERMINAL_CLOSE.sessionRequired, "session-expired"],
    ["a disabled account", { cookieHeader: cookieFor(tokens.disabled) }, TERMINAL_CLOSE.forbidden, "user-disabled"],
    ["a viewer", { cookieHeader: cookieFor(tokens.viewer) }, TERMINAL_CLOSE.forbidden, "role-insufficient"],
    ["no ticket", { ticket: undefined }, TERMINAL_CLOSE.ticketInvalid, "ticket-unknown"],
    ["a made-up ticket", { ticket: "x".repeat(43) }, TERMINAL_CLOSE.ticketInvalid, "ticket-unknown"],
    ["a ticket for another container", { container: "db" }, TERMINAL_CLOSE.forbidden, "ticket-other-container"],
  ] as const)("refuses %s", async (_label, over, closeCode, reason) => {
    const { deps, upgrade } = setup();
    expect(await evaluateTerminalUpgrade(upgrade(over), deps)).toMatchObject({ ok: false, closeCode, reason });
  });

  it("refuses a ticket minted for another user", async () => {
    const { deps, tickets, upgrade } = setup();
    const bobs = tickets.mint(otherAdmin.id, "web").ticket;
    expect(await evaluateTerminalUpgrade(upgrade({ ticket: bobs }), deps)).toMatchObject({
      ok: false,
      closeCode: TERMINAL_CLOSE.forbidden,
      reason: "ticket-other-user",
    });
  });

  it("refuses a reused ticket", async () => {
    const { deps, upgrade } = setup();
    const first = upgrade();
    expect((await evaluateTerminalUpgrade(first, deps)).ok).toBe(true);
    expect(await evaluateTerminalUpgrade({ ...first }, deps)).toMatchObject({ ok: false, reason: "ticket-unknown" });
  });

  it("uses a ticket up even when the attempt is refused for another reason", async () => {
    const { deps, upgrade } = setup();
    const stolen = upgrade({ origin: "https://evil.example" });
    expect((await evaluateTerminalUpgrade(stolen, deps)).ok).toBe(false);
    expect(await evaluateTerminalUpgrade({ ...stolen, origin: "http://localhost:3000" }, deps)).toMatchObject({
      reason: "ticket-unknown",
    });
  });

  it("refuses an expired ticket (30 s)", async () => {
    const { clock, deps, upgrade } = setup();
    const fresh = upgrade();
    const stale = upgrade();
    clock.advance(29_999);
    expect((await evaluateTerminalUpgrade(fresh, deps)).ok).toBe(true);
    clock.advance(1);
    expect(await evaluateTerminalUpgrade(stale, deps)).toMatchObject({
      ok: false,
      closeCode: TERMINAL_CLOSE.ticketInvalid,
      reason: "ticket-expired",
    });
  });

  it("refuses a viewer even holding a ticket minted for them", async () => {
    const { deps, tickets, upgrade } = setup();
    const r = await evaluateTerminalUpgrade(
      upgrade({ cookieHeader: cookieFor(tokens.viewer), ticket: tickets.mint(viewer.id, "web").ticket }),
      deps,
    );
    expect(r).toMatchObject({ ok: false, reason: "role-insufficient" });
  });

  it("mints distinct random tickets and drops expired ones", () => {
    const { clock, tickets } = setup();
    const a = tickets.mint(1, "web");
    const b = tickets.mint(1, "web");
    expect(a.ticket).not.toBe(b.ticket);
    expect(Buffer.from(a.ticket, "base64url")).toHaveLength(32);
    clock.advance(30_000);
    tickets.mint(1, "web"); // sweeps
    expect(tickets.take(a.ticket)).toBeNull();
  });
});
