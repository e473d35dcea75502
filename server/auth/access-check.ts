import { roleSatisfies, type Role } from "@/lib/roles";
import { recordRefusal } from "../audit";
import type { HostAllowlist } from "./host-allowlist";
import { dashboardHostAllowlist, sourceProblem, type AccessRequest, type SourceProblem } from "./request-source";
import { sessionTokenFromCookieHeader } from "./session-cookie";
import { sessionFromToken, type SessionLookup } from "./sessions";
import type { SessionUser } from "./session-user";

/** A signed-in user who passed an access check, with what the audit log needs about them. */
export interface Actor extends SessionUser {
  sessionId: number;
  address: string | null;
}

export type RefusalReason = SourceProblem | Extract<SessionLookup, { ok: false }>["reason"] | "role-insufficient";

export interface AccessRefusal {
  ok: false;
  status: 401 | 403;
  reason: RefusalReason;
  message: string;
  /** Who was refused, when the session told us (wrong role, disabled account). */
  user?: SessionUser;
}
export type AccessResult = { ok: true; actor: Actor } | AccessRefusal;

/** What the person is told; the audit row gets the specifics. */
export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  "host-not-allowed": "This dashboard does not answer to that host name.",
  "middleware-subrequest": "Request refused.",
  "origin-missing": "The request did not say which page sent it.",
  "origin-null": "Requests from other sites are refused.",
  "origin-foreign": "Requests from other sites are refused.",
  "no-session": "Sign in first.",
  "session-unknown": "Your session is not valid; sign in again.",
  "session-expired": "Your session has expired; sign in again.",
  "user-disabled": "This account is disabled.",
  "role-insufficient": "This needs an admin.",
};

const UNAUTHENTICATED = new Set<RefusalReason>(["no-session", "session-unknown", "session-expired"]);

export function refusal(reason: RefusalReason, user?: SessionUser): AccessRefusal {
  const status = UNAUTHENTICATED.has(reason) ? 401 : 403;
  return { ok: false, status, reason, message: REFUSAL_MESSAGES[reason], ...(user ? { user } : {}) };
}

export interface AccessCheckDeps {
  allowlist: HostAllowlist;
  lookupSession: (token: string | null) => Promise<SessionLookup>;
}

export const defaultAccessCheckDeps = (): AccessCheckDeps => ({ allowlist: dashboardHostAllowlist(), lookupSession: sessionFromToken });

/**
 * The checks every access check makes, in order: the Host is one of ours, no
 * x-middleware-subrequest, a state-changing request carries our own Origin,
 * the cookie names a live session of an enabled user, and the role suffices.
 */
export async function checkAccess(request: AccessRequest, need: Role, deps: AccessCheckDeps): Promise<AccessResult> {
  const source = sourceProblem(request, deps.allowlist);
  if (source) return refusal(source);
  const session = await deps.lookupSession(sessionTokenFromCookieHeader(request.cookieHeader));
  if (!session.ok) return refusal(session.reason, session.user);
  if (!roleSatisfies(session.user.role, need)) return refusal("role-insufficient", session.user);
  return { ok: true, actor: { ...session.user, sessionId: session.sessionId, address: request.address ?? null } };
}

/** The audit row's detail for a refusal: the reason and the request's own words. */
export function refusalDetail(reason: string, request: Pick<AccessRequest, "host" | "origin">): string {
  const clip = (v: string | null | undefined) => JSON.stringify((v ?? "").slice(0, 200));
  if (reason === "host-not-allowed") return `${reason}: Host ${clip(request.host)}`;
  if (reason.startsWith("origin-")) return `${reason}: Origin ${clip(request.origin)} to Host ${clip(request.host)}`;
  return reason;
}

export interface AuthorizeOptions {
  container?: string;
  /**
   * Pages pass true: a browser without a (live) session is sent to the login
   * page, which is ordinary, not an attempt worth an audit row.
   */
  quietWhenSignedOut?: boolean;
}

/**
 * The one access check for server actions, route handlers and pages (through
 * the adapters in next.ts). `action` names what was attempted, for the audit
 * row that every refusal writes with the request's address.
 */
export async function authorize(
  request: AccessRequest,
  need: Role,
  action: string,
  options: AuthorizeOptions = {},
  deps: AccessCheckDeps = defaultAccessCheckDeps(),
): Promise<AccessResult> {
  const result = await checkAccess(request, need, deps);
  if (result.ok) return result;
  if (!(options.quietWhenSignedOut && UNAUTHENTICATED.has(result.reason))) {
    await auditRefusal(result, request, action, options.container);
  }
  return result;
}

/** Writes the refusal; a failing audit write is logged and the refusal stands. */
export async function auditRefusal(
  result: { reason: string; user?: SessionUser },
  request: Pick<AccessRequest, "host" | "origin" | "address">,
  action: string,
  container?: string,
): Promise<void> {
  try {
    await recordRefusal({
      actor: result.user?.name ?? "anonymous",
      address: request.address ?? null,
      action,
      container,
      detail: refusalDetail(result.reason, request),
    });
  } catch (e) {
    console.error(`audit: could not record refused ${JSON.stringify(action)}:`, e);
  }
}

/**
 * For requests that need no session (sign-in, first-run setup): only the Host,
 * middleware-header and Origin checks, audited when refused.
 */
export async function checkRequestSource(
  request: AccessRequest,
  action: string,
  allowlist: HostAllowlist = dashboardHostAllowlist(),
): Promise<AccessRefusal | null> {
  const problem = sourceProblem(request, allowlist);
  if (!problem) return null;
  await auditRefusal({ reason: problem }, request, action);
  return refusal(problem);
}
