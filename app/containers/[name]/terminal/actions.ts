"use server";

import type { ActionResult } from "@/lib/api-types";
import { containerKeyProblem } from "@/lib/hosts";
import { isTerminalSessionId, TERMINAL_WS_PATH, type TerminalSessionView } from "@/lib/terminal-protocol";
import type { Actor } from "@/server/auth/access-check";
import { guardedAction } from "@/server/auth/next";
import { mintTerminalTicket } from "@/server/auth/terminal-tickets";
import { terminalService } from "@/server/terminal";
import type { TerminalServer } from "@/server/terminal/terminal-server";

export type TerminalTicketResult = { ok: true; ticket: string; wsPath: string } | { ok: false; error: string };
export type TerminalSessionsResult = { ok: true; sessions: TerminalSessionView[] } | { ok: false; error: string };

/** The terminal lives in the custom server (scripts/start.sh); `next dev` or `next start` alone has none. */
function withTerminals<R>(work: (terminals: TerminalServer) => R): R | { ok: false; error: string } {
  const terminals = terminalService();
  if (!terminals) return { ok: false, error: "The terminal server is not running; start the dashboard with scripts/start.sh." };
  return work(terminals);
}

const ticket = guardedAction(
  "admin",
  "open terminal",
  async (actor, container: string): Promise<TerminalTicketResult> => {
    const problem = containerKeyProblem(container);
    if (problem) return { ok: false, error: problem };
    return withTerminals(() => ({ ok: true, ticket: mintTerminalTicket(actor, container).ticket, wsPath: TERMINAL_WS_PATH }));
  },
  { container: (container) => container },
);

/**
 * A single-use ticket for one terminal connection to `container` (each
 * connection and reconnection asks for its own); `wsPath` is where to use it.
 */
export async function openTerminalTicket(container: string): Promise<TerminalTicketResult> {
  return ticket(container);
}

function sessionView(actor: Actor, s: ReturnType<TerminalServer["listSessions"]>[number]): TerminalSessionView {
  return { id: s.id, name: s.name, user: s.user.name, openedAt: s.openedAt.toISOString(), attached: s.attached, mine: s.user.id === actor.id };
}

// Only admins have shells, so only admins see who has one open.
const sessions = guardedAction(
  "admin",
  "list terminal sessions",
  async (actor, container: string): Promise<TerminalSessionsResult> => {
    const problem = containerKeyProblem(container);
    if (problem) return { ok: false, error: problem };
    return withTerminals((terminals) => ({ ok: true, sessions: terminals.listSessions(container).map((s) => sessionView(actor, s)) }));
  },
  { container: (container) => container },
);

/** The container's open terminal sessions, every user's, oldest first. */
export async function listTerminalSessions(container: string): Promise<TerminalSessionsResult> {
  return sessions(container);
}

const end = guardedAction("admin", "end terminal session", async (actor, id: string): Promise<ActionResult> => {
  const gone: ActionResult = { ok: false, error: "That terminal session has already ended." };
  if (typeof id !== "string" || !isTerminalSessionId(id)) return gone;
  return withTerminals((terminals) => {
    const session = terminals.listSessions().find((s) => s.id === id);
    // The terminal server audits the close, with who ended it.
    if (!session || !terminals.endSession(id, actor.name)) return gone;
    return { ok: true, message: `Ended ${session.user.name}'s terminal "${session.name}" on ${session.container}.` };
  });
});

/** Ends any user's terminal session (its shell is hung up; its tab says who ended it). */
export async function endTerminalSession(id: string): Promise<ActionResult> {
  return end(id);
}
