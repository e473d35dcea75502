import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { loginPathFor } from "@/lib/next-path";
import type { Role } from "@/lib/roles";
import { loadConfig } from "../config/load-config";
import { noUsersYet } from "./accounts";
import {
  authorize,
  checkRequestSource,
  defaultAccessCheckDeps,
  checkAccess,
  type Actor,
  type AccessRefusal,
  type RefusalReason,
} from "./access-check";
import { accessRequestFromHeaders, type AccessRequest } from "./request-source";
import { clearedSessionCookie, sessionTokenFromCookieHeader, type SessionCookie } from "./session-cookie";
import { login, logout, startSession, type LoginRefusal } from "./sessions";
import { completeSetup, type SetupResult } from "./setup-token";
import type { SessionUser } from "./session-user";

/**
 * Next.js adapters over the framework-free access check (access-check.ts). Every server
 * action, route handler and page goes through one of these:
 *   export const POST = guarded("admin", "start container", async (req, actor, ctx) => ...);
 *   export const startContainer = guardedAction("admin", "start container", async (actor, name: string) => ...);
 *   const actor = await requirePageUser("viewer", "view containers");   // in a page
 */

/** An access check refused, thrown by requireUser; guardedAction turns it into a result. */
export class AuthRefused extends Error {
  override name = "AuthRefused";
  constructor(readonly refusal: AccessRefusal) {
    super(refusal.message);
  }
}

async function nextRequest(init: { method: string; isAction: boolean }): Promise<AccessRequest> {
  return accessRequestFromHeaders(await headers(), init);
}

/** In a server action: the signed-in actor with at least `need`, or throws AuthRefused (audited). */
export async function requireUser(need: Role, action: string, options: { container?: string } = {}): Promise<Actor> {
  const result = await authorize(await nextRequest({ method: "POST", isAction: true }), need, action, options);
  if (!result.ok) throw new AuthRefused(result);
  return result.actor;
}

/**
 * In a page or layout (server component): the signed-in actor with at least
 * `need`. Without a live session it redirects — to /setup while no account
 * exists, else to /login (which comes back to `from`, this page's own path,
 * after signing in) — and throws AuthRefused for a wrong role or host.
 */
export async function requirePageUser(need: Role, action: string, from?: string): Promise<Actor> {
  const result = await authorize(await nextRequest({ method: "GET", isAction: false }), need, action, {
    quietWhenSignedOut: true,
  });
  if (result.ok) return result.actor;
  // A disabled account's session is as good as none: back to the login page, which says why.
  if (result.status === 401 || result.reason === "user-disabled") redirect((await noUsersYet()) ? "/setup" : loginPathFor(from));
  throw new AuthRefused(result);
}

/**
 * For a page only some may open (admins): the actor, or the refusal's
 * sentence for a signed-in user who may not (a viewer), for the page to show
 * instead of the error page. No session still redirects, as requirePageUser.
 */
export async function pageUserOrRefusal(need: Role, action: string, from: string): Promise<{ actor: Actor; refused: null } | { actor: null; refused: string }> {
  try {
    return { actor: await requirePageUser(need, action, from), refused: null };
  } catch (e) {
    if (!(e instanceof AuthRefused)) throw e;
    return { actor: null, refused: e.refusal.message };
  }
}

/** The signed-in actor if there is one (e.g. for the login page to skip itself); never redirects, never audits. */
export async function currentActor(): Promise<Actor | null> {
  const result = await checkAccess(await nextRequest({ method: "GET", isAction: false }), "viewer", defaultAccessCheckDeps());
  return result.ok ? result.actor : null;
}

/** What a guarded server action answers when its access check refuses (fits ActionResult's failure shape). */
export interface ActionRefusal {
  ok: false;
  error: string;
  refusal: RefusalReason;
}

/**
 * Wraps a server action so it cannot run without passing the access check. `container`
 * names the container an attempt concerned, for the audit row of a refusal.
 */
export function guardedAction<A extends unknown[], R>(
  need: Role,
  action: string,
  fn: (actor: Actor, ...args: A) => Promise<R>,
  options: { container?: (...args: A) => string | undefined } = {},
): (...args: A) => Promise<R | ActionRefusal> {
  return async (...args: A) => {
    let actor: Actor;
    try {
      actor = await requireUser(need, action, { container: containerArg(options.container, args) });
    } catch (e) {
      if (e instanceof AuthRefused) return { ok: false, error: e.refusal.message, refusal: e.refusal.reason };
      throw e;
    }
    return fn(actor, ...args);
  };
}

function containerArg<A extends unknown[]>(pick: ((...args: A) => string | undefined) | undefined, args: A): string | undefined {
  const name = pick?.(...args);
  return typeof name === "string" ? name.slice(0, 63) : undefined;
}

/** For a route handler: the actor, or the refusal as a JSON Response (401/403) to return. */
export async function requireUserForRequest(
  req: Request,
  need: Role,
  action: string,
  options: { container?: string } = {},
): Promise<Actor | Response> {
  const result = await authorize(accessRequestFromHeaders(req.headers, { method: req.method }), need, action, options);
  return result.ok ? result.actor : refusalResponse(result);
}

export function refusalResponse(refusal: AccessRefusal): Response {
  return Response.json({ error: refusal.message, reason: refusal.reason }, { status: refusal.status });
}

/** Wraps a route handler so it cannot run without passing the access check. */
export function guarded<C = unknown>(
  need: Role,
  action: string,
  handler: (req: Request, actor: Actor, ctx: C) => Response | Promise<Response>,
  options: { container?: (ctx: C) => Promise<string | undefined> } = {},
): (req: Request, ctx: C) => Promise<Response> {
  return async (req: Request, ctx: C) => {
    const container = (await options.container?.(ctx))?.slice(0, 63);
    const actor = await requireUserForRequest(req, need, action, { container });
    return actor instanceof Response ? actor : handler(req, actor, ctx);
  };
}

async function setCookie(cookie: SessionCookie): Promise<void> {
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

async function clientInfo(): Promise<{ request: AccessRequest; userAgent: string | null }> {
  const request = await nextRequest({ method: "POST", isAction: true });
  return { request, userAgent: (await headers()).get("user-agent") };
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; error: string; reason: LoginRefusal["reason"] | RefusalReason };

/** The login server action's work: source checks, password check (rate-limited, audited), then the cookie. */
export async function signIn(name: unknown, password: unknown): Promise<SignInResult> {
  const { request, userAgent } = await clientInfo();
  const refused = await checkRequestSource(request, "sign in");
  if (refused) return { ok: false, error: refused.message, reason: refused.reason };
  const result = await login(name, password, { address: request.address ?? null, userAgent });
  if (!result.ok) return { ok: false, error: result.message, reason: result.reason };
  await setCookie(result.cookie);
  return { ok: true, user: result.user };
}

/** The logout server action's work: ends the session server-side (audited; its terminals close) and clears the cookie. */
export async function signOut(): Promise<void> {
  const { request } = await clientInfo();
  // A forged cross-site logout is refused too, though it would only be a nuisance.
  if (await checkRequestSource(request, "sign out")) return;
  await logout(sessionTokenFromCookieHeader(request.cookieHeader), { address: request.address ?? null });
  await setCookie(clearedSessionCookie({ https: loadConfig().tls !== null }));
}

/** The setup page's server action: creates the first admin with the setup token and signs them in. */
export async function setupFirstAdmin(
  token: unknown,
  name: unknown,
  password: unknown,
): Promise<SetupResult | { ok: false; reason: RefusalReason; error: string }> {
  const { request, userAgent } = await clientInfo();
  const refused = await checkRequestSource(request, "first-run setup");
  if (refused) return { ok: false, reason: refused.reason, error: refused.message };
  const result = await completeSetup({ token, name, password }, { address: request.address ?? null });
  if (result.ok) await setCookie((await startSession(result.user, { address: request.address ?? null, userAgent })).cookie);
  return result;
}

/** Whether the dashboard is in first-run state (no account yet): only /setup is open. */
export const setupNeeded = noUsersYet;
