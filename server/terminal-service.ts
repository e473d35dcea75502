import type { IncomingMessage } from "node:http";
import { recordEvent } from "./audit";
import { CLIENT_ADDRESS_HEADER } from "./auth/client-address";
import { checkTerminalUpgrade } from "./auth/terminal-tickets";
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
        : { ok: false, code: result.closeCode, reason: result.reason };
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

/** The running terminal server, or null outside the custom server (e.g. `next dev` alone). */
export function terminalService(): TerminalServer | null {
  return (globalThis as WithTerminals)[key] ?? null;
}

function headerText(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" && v ? v : null;
}
