import type { IncomingMessage } from "node:http";
import { recordEvent } from "./audit";
import { CLIENT_ADDRESS_HEADER } from "./auth/client-address";
import { REFUSAL_MESSAGES } from "./auth/door";
import { checkTerminalUpgrade, type UpgradeRefusalReason } from "./auth/terminal-tickets";
import { createTerminalServer, type TerminalServer } from "./terminal/terminal-server";

/**
 * The terminal server wired to the dashboard: the upgrade check of
 * server/auth (Origin, admin session, single-use ticket) and the audit log.
 * Kept on globalThis so route handlers in Next's bundle (which loads its own
 * copy of these modules) reach the one the custom server started.
 */
const key = Symbol.for("lxc-dashboard.terminals");
type WithTerminals = typeof globalThis & { [key]?: TerminalServer };

export function startTerminalService(options: { lxcpath: string; idleMinutes: number }): TerminalServer {
  const server = createTerminalServer({
    ...options,
    authorize: async (req: IncomingMessage, container: string, ticket: string) => {
      const result = await checkTerminalUpgrade({
        origin: req.headers.origin,
        host: req.headers.host,
        cookieHeader: req.headers.cookie,
        ticket,
        container,
        address: headerText(req, CLIENT_ADDRESS_HEADER),
      });
      return result.ok
        ? { ok: true, user: { id: result.actor.id, name: result.actor.name } }
        : { ok: false, code: result.closeCode, reason: upgradeRefusalMessage(result.reason) };
    },
    audit: (e) =>
      recordEvent({
        actor: e.actor ?? "(unknown)",
        address: e.address,
        action: e.action,
        container: e.container,
        command: e.command,
        outcome: e.outcome,
        exitCode: e.exitCode,
        detail: e.detail,
      }),
  });
  (globalThis as WithTerminals)[key] = server;
  return server;
}

/** What the tab says when the upgrade check refuses (the reason keys go to the audit log, not to people). */
const UPGRADE_REFUSAL_MESSAGES: Record<UpgradeRefusalReason, string> = {
  ...REFUSAL_MESSAGES,
  "role-insufficient": "Only an admin may open a terminal.",
  "ticket-unknown": "The terminal's one-time ticket was unknown or already used; reload the page to try again.",
  "ticket-expired": "The terminal's one-time ticket expired before it was used; reload the page to try again.",
  "ticket-other-user": "The terminal's ticket was issued to another user.",
  "ticket-other-container": "The terminal's ticket was issued for another container.",
};

export function upgradeRefusalMessage(reason: UpgradeRefusalReason): string {
  return UPGRADE_REFUSAL_MESSAGES[reason];
}

/** The running terminal server, or null outside the custom server (e.g. `next dev` alone). */
export function terminalService(): TerminalServer | null {
  return (globalThis as WithTerminals)[key] ?? null;
}

function headerText(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" && v ? v : null;
}
