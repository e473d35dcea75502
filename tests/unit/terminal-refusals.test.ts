import { describe, expect, it } from "vitest";
import { TerminalCloseCode } from "@/lib/terminal-protocol";
import { REFUSAL_MESSAGES } from "@/server/auth/access-check";
import { TERMINAL_CLOSE, type UpgradeRefusalReason } from "@/server/auth/terminal-tickets";
import { upgradeRefusalMessage } from "@/server/terminal";

// What a refused terminal upgrade tells the tab: a code with one meaning, and a sentence.

describe("terminal refusals", () => {
  it("gives every close code one meaning, the upgrade check's included", () => {
    const codes: number[] = Object.values(TerminalCloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of Object.values(TERMINAL_CLOSE)) expect(codes).toContain(code);
    expect(TERMINAL_CLOSE.ticketInvalid).toBe(TerminalCloseCode.TicketInvalid);
    expect(TERMINAL_CLOSE.ticketInvalid).not.toBe(TerminalCloseCode.IdleTimeout);
  });

  it("turns the upgrade check's reason keys into sentences", () => {
    const reasons: UpgradeRefusalReason[] = [
      ...(Object.keys(REFUSAL_MESSAGES) as UpgradeRefusalReason[]),
      "ticket-unknown",
      "ticket-expired",
      "ticket-other-user",
      "ticket-other-container",
    ];
    for (const reason of reasons) {
      const message = upgradeRefusalMessage(reason);
      expect(message).toMatch(/^[A-Z].*\.$/);
      expect(message).not.toContain(reason);
    }
    expect(upgradeRefusalMessage("ticket-unknown")).toMatch(/ticket was unknown or already used/);
    expect(upgradeRefusalMessage("role-insufficient")).toBe("Only an admin may open a terminal.");
    expect(upgradeRefusalMessage("no-session")).toBe(REFUSAL_MESSAGES["no-session"]);
  });
});
