import type { IncomingMessage } from "node:http";
import { recordEvent } from "../audit";
import { publishLive } from "../live/live-bus";
import { peekProcessSingleton, setProcessSingleton } from "../process-singleton";
import { CLIENT_ADDRESS_HEADER } from "../auth/client-address";
import { REFUSAL_MESSAGES } from "../auth/access-check";
import { onSessionsEnded } from "../auth/session-ends";
import { markSessionActive, sessionStillValid } from "../auth/sessions";
import { checkTerminalUpgrade, type UpgradeRefusalReason } from "../auth/terminal-tickets";
import { incusShellBackend } from "../hosts/incus-shell";
import { createTerminalServer, type TerminalServer } from "./terminal-server";

/**
 * The terminal server wired to the dashboard: the upgrade check of
 * server/auth (Origin, admin session, single-use ticket), the sign-in each
 * shell lives no longer than, and the audit log. Registered with
 * setProcessSingleton so route handlers in Next's bundle (which loads its own
 * copy of these modules) reach the one the custom server started.
 */
const SINGLETON = "terminal-service";

export function startTerminalService(options: { lxcpath: string; idleMinutes: number; signInCheckMs?: number }): TerminalServer {
  const server = createTerminalServer({
    ...options,
    // TARGET/NAME: a container on an Incus host, through its exec WebSocket.
    otherBackend: () => incusShellBackend,
    authorize: async (req: IncomingMessage, container: string, ticket: string) => {
      const result = await checkTerminalUpgrade({
        origin: req.headers.origin,
        host: req.headers.host,
        cookieHeader: req.headers.cookie,
        ticket,
        container,
        address: headerText(req, CLIENT_ADDRESS_HEADER),
      });
      if (!result.ok) return { ok: false, code: result.closeCode, reason: upgradeRefusalMessage(result.reason) };
      const { id, name, sessionId } = result.actor;
      return { ok: true, user: { id, name }, stillSignedIn: (typed) => signInHolds(sessionId, typed) };
    },
    audit: (e) => {
      // Every admin's sessions list on that container changes now (it no longer polls).
      if (e.container && e.outcome === "ok") publishLive({ type: "terminal-sessions", container: e.container }, { audience: "admin" });
      return recordEvent({
        actor: e.actor ?? "(unknown)",
        address: e.address,
        action: e.action,
        container: e.container,
        command: e.command,
        outcome: e.outcome,
        exitCode: e.exitCode,
        detail: e.detail,
      });
    },
  });
  // A sign-out, a password change, a user disabled or removed: their shells end now, not at the next periodic look.
  const stopListening = onSessionsEnded(() => server.recheckSignIns());
  const service: TerminalServer = {
    ...server,
    shutdown: async () => {
      stopListening();
      await server.shutdown();
    },
  };
  setProcessSingleton(SINGLETON, service);
  return service;
}

/**
 * Typing in a terminal counts as using the dashboard, as a page view does: a
 * user at work in a shell for hours is not signed out for idling, and their
 * web pages stay signed in too. Output does not count (a `top` left running
 * is not somebody there), and markSessionActive writes at most once a minute.
 */
async function signInHolds(sessionId: number, typed: boolean): Promise<boolean> {
  if (typed) await markSessionActive(sessionId);
  return sessionStillValid(sessionId);
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
  return peekProcessSingleton<TerminalServer>(SINGLETON) ?? null;
}

function headerText(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" && v ? v : null;
}
