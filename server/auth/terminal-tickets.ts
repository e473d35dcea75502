import { randomBytes } from "node:crypto";
import { roleSatisfies } from "@/lib/roles";
import { TerminalCloseCode } from "@/lib/terminal-protocol";
import { auditRefusal, defaultAccessCheckDeps, type Actor, type AccessCheckDeps, type RefusalReason } from "./access-check";
import { sourceProblem } from "./request-source";
import { sessionTokenFromCookieHeader } from "./session-cookie";
import type { SessionUser } from "./session-user";
import { processSingleton } from "../process-singleton";

/**
 * A WebSocket upgrade carries the cookie but browsers let any site open one
 * (no CORS), so besides the Origin and the session it must present a ticket:
 * random, single-use, short-lived, minted for this user and this container by
 * an authorised request of the dashboard's own page.
 */
export const TICKET_TTL_MS = 30_000;

/** The close codes a refused upgrade uses, from the terminal's one table (lib/terminal-protocol.ts). */
export const TERMINAL_CLOSE = {
  /** No live session: sign in again. */
  sessionRequired: TerminalCloseCode.NotSignedIn,
  /** Not allowed: foreign Origin or Host, a viewer, a disabled account, a ticket for someone or something else. */
  forbidden: TerminalCloseCode.NotAllowed,
  /** Ticket unknown, already used or expired: mint a new one and retry. */
  ticketInvalid: TerminalCloseCode.TicketInvalid,
} as const;

export type UpgradeCloseCode = (typeof TERMINAL_CLOSE)[keyof typeof TERMINAL_CLOSE];

interface TicketEntry {
  userId: number;
  container: string;
  expiresAt: number;
}

export class TerminalTicketStore {
  private readonly tickets = new Map<string, TicketEntry>();

  constructor(
    private readonly ttlMs: number = TICKET_TTL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  mint(userId: number, container: string): { ticket: string; expiresAt: number } {
    const now = this.now();
    for (const [t, e] of this.tickets) if (e.expiresAt <= now) this.tickets.delete(t);
    const ticket = randomBytes(32).toString("base64url");
    const expiresAt = now + this.ttlMs;
    this.tickets.set(ticket, { userId, container, expiresAt });
    return { ticket, expiresAt };
  }

  /** Removes and returns the ticket's entry (a ticket is good for one try, whatever its outcome). */
  take(ticket: string | null | undefined): (TicketEntry & { expired: boolean }) | null {
    if (!ticket) return null;
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    return { ...entry, expired: entry.expiresAt <= this.now() };
  }
}

// One store per process (processSingleton): tickets are minted in Next's server
// bundle (a route handler) and taken by the custom server's upgrade handler.
function ticketStore(): TerminalTicketStore {
  return processSingleton("terminal-tickets", () => new TerminalTicketStore());
}

/**
 * A ticket for `user` to open a terminal on `container`. The caller is an access check
 * that has already required an admin (a guarded route handler or action).
 */
export function mintTerminalTicket(user: SessionUser, container: string): { ticket: string; expiresAt: Date } {
  const { ticket, expiresAt } = ticketStore().mint(user.id, container);
  return { ticket, expiresAt: new Date(expiresAt) };
}

export interface UpgradeRequest {
  origin: string | null | undefined;
  host: string | null | undefined;
  cookieHeader: string | null | undefined;
  ticket: string | null | undefined;
  container: string;
  address: string | null;
}

export type UpgradeRefusalReason =
  | RefusalReason
  | "ticket-unknown"
  | "ticket-expired"
  | "ticket-other-user"
  | "ticket-other-container";

export type UpgradeResult =
  | { ok: true; actor: Actor }
  | { ok: false; closeCode: UpgradeCloseCode; reason: UpgradeRefusalReason; user?: SessionUser };

export interface UpgradeDeps extends AccessCheckDeps {
  tickets: TerminalTicketStore;
}

function refused(closeCode: UpgradeCloseCode, reason: UpgradeRefusalReason, user?: SessionUser): UpgradeResult {
  return { ok: false, closeCode, reason, ...(user ? { user } : {}) };
}

/** The upgrade checks, in order; the ticket is used up by any attempt that presents it. */
export async function evaluateTerminalUpgrade(request: UpgradeRequest, deps: UpgradeDeps): Promise<UpgradeResult> {
  const ticket = deps.tickets.take(request.ticket);
  // A handshake is a GET, but it opens a root shell: Origin is required as for
  // a state-changing request (browsers always send it on a WebSocket).
  const source = sourceProblem({ ...request, method: "GET", isAction: true }, deps.allowlist);
  if (source) return refused(TERMINAL_CLOSE.forbidden, source);

  const session = await deps.lookupSession(sessionTokenFromCookieHeader(request.cookieHeader));
  if (!session.ok) {
    const code = session.reason === "user-disabled" ? TERMINAL_CLOSE.forbidden : TERMINAL_CLOSE.sessionRequired;
    return refused(code, session.reason, session.user);
  }
  const user = session.user;
  if (!roleSatisfies(user.role, "admin")) return refused(TERMINAL_CLOSE.forbidden, "role-insufficient", user);

  if (!ticket) return refused(TERMINAL_CLOSE.ticketInvalid, "ticket-unknown", user);
  if (ticket.expired) return refused(TERMINAL_CLOSE.ticketInvalid, "ticket-expired", user);
  if (ticket.userId !== user.id) return refused(TERMINAL_CLOSE.forbidden, "ticket-other-user", user);
  if (ticket.container !== request.container) return refused(TERMINAL_CLOSE.forbidden, "ticket-other-container", user);
  return { ok: true, actor: { ...user, sessionId: session.sessionId, address: request.address } };
}

/**
 * The check the WebSocket upgrade handler calls before accepting: allowed Host
 * and Origin, a live admin session, and this user's unused, unexpired ticket
 * for this container. A refusal is audited and carries the close code to send.
 */
export async function checkTerminalUpgrade(request: UpgradeRequest): Promise<UpgradeResult> {
  const result = await evaluateTerminalUpgrade(request, { ...defaultAccessCheckDeps(), tickets: ticketStore() });
  if (!result.ok) await auditRefusal(result, request, "open terminal", request.container);
  return result;
}
