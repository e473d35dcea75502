import { PASSWORD_MAX_LENGTH, userNameSchema } from "@/lib/account-schemas";
import { recordEvent, recordRefusal } from "../audit";
import { loadConfig } from "../config/load-config";
import { db } from "../db";
import { addressKey, loginRateLimiter, nameKey } from "./login-rate-limit";
import { decoyPasswordHash, verifyPassword } from "./password-hash";
import { sessionCookie, type SessionCookie } from "./session-cookie";
import { sessionsEnded } from "./session-ends";
import { hashToken, isWellFormedToken, newSessionToken } from "./session-token";
import { sessionUserFromRow, type SessionUser } from "./session-user";

/** lastSeenAt is written at most this often, so browsing is not a stream of writes. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  address: string | null;
  userAgent?: string | null;
}

export interface StartedSession {
  token: string;
  sessionId: number;
  user: SessionUser;
  /** Set this on the response: the token, HttpOnly, SameSite=Strict, Secure under https. */
  cookie: SessionCookie;
}

/** Opens a session for a user already proven (login, first-run setup). */
export async function startSession(user: SessionUser, client: ClientInfo): Promise<StartedSession> {
  const { sessionMaxHours, tls } = loadConfig();
  const now = new Date();
  const token = newSessionToken();
  // Expired rows of this user go now; the others expire on their next lookup.
  await db().session.deleteMany({ where: { userId: user.id, expiresAt: { lte: now } } });
  const row = await db().session.create({
    data: {
      tokenHash: hashToken(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionMaxHours * 3_600_000),
      address: client.address,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    },
  });
  return {
    token,
    sessionId: row.id,
    user,
    cookie: sessionCookie(token, { https: tls !== null, maxAgeSeconds: sessionMaxHours * 3600 }),
  };
}

export type LoginRefusal = {
  ok: false;
  reason: "invalid-credentials" | "disabled" | "rate-limited";
  message: string;
  /** For "rate-limited": when trying again can succeed. */
  retryAfterSeconds?: number;
};

export type LoginResult = ({ ok: true } & StartedSession) | LoginRefusal;

/**
 * Checks a name and password and opens a session. Failures are rate-limited per
 * address and per name (LOGIN_MAX_FAILURES in LOGIN_WINDOW_SECONDS) — past the
 * limit even the right password is refused — and each one is an audit row.
 */
export async function login(name: unknown, password: unknown, client: ClientInfo): Promise<LoginResult> {
  const typedName = typeof name === "string" ? name.trim().toLowerCase().slice(0, 64) : "";
  const keys = [addressKey(client.address), nameKey(typedName)];
  const limiter = loginRateLimiter();
  const parsedName = userNameSchema.safeParse(name);
  const user = parsedName.success ? await db().user.findUnique({ where: { name: parsedName.data } }) : null;
  // Only an existing user's name goes in the audit log (which viewers read): people type passwords into the name field.
  const shownName = user ? JSON.stringify(user.name) : "(unknown name)";
  const refuse = async (reason: LoginRefusal["reason"], why: string, message: string, extra: Partial<LoginRefusal> = {}) => {
    await recordRefusal({
      actor: "anonymous",
      address: client.address,
      action: "sign in",
      detail: `as ${shownName}: ${why}`,
    });
    return { ok: false as const, reason, message, ...extra };
  };

  // `allows` and `recordFailure` run with no await between them (see below).
  if (!limiter.allows(keys)) {
    const retryAfterSeconds = Math.ceil(limiter.retryAfterMs(keys) / 1000);
    return refuse("rate-limited", "too many failed sign-ins", `Too many failed sign-ins. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }

  // Counted as a failure before the (slow) check, so a burst of parallel
  // guesses cannot all pass `allows` first; withdrawn if the password is right.
  const mark = limiter.recordFailure(keys);
  const usablePassword = typeof password === "string" && password.length <= PASSWORD_MAX_LENGTH;
  // Unknown names are verified against a decoy so they take as long as known ones.
  const matches = usablePassword && (await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash())));
  if (!user || !matches) {
    return refuse("invalid-credentials", user ? "wrong password" : "no such user", "Wrong user name or password.");
  }
  limiter.withdraw(keys, mark);
  if (user.disabled) return refuse("disabled", "account disabled", "This account is disabled.");

  limiter.clear(nameKey(typedName));
  const started = await startSession(sessionUserFromRow(user), client);
  await recordEvent({ actor: user.name, address: client.address, action: "sign in", outcome: "ok", detail: `as ${started.user.role}` });
  return { ok: true, ...started };
}

export type SessionLookup =
  | { ok: true; user: SessionUser; sessionId: number }
  | { ok: false; reason: "no-session" | "session-unknown" | "session-expired"; user?: undefined }
  | { ok: false; reason: "user-disabled"; user: SessionUser };

type SessionRow = { id: number; lastSeenAt: Date; expiresAt: Date; user: { disabled: boolean } };

/**
 * The rules a session row must pass: within its absolute lifetime
 * (SESSION_MAX_HOURS), used within SESSION_IDLE_MINUTES, its user enabled.
 * An expired row is deleted.
 */
async function judge(row: SessionRow): Promise<"ok" | "session-expired" | "user-disabled"> {
  const now = Date.now();
  const idleMs = loadConfig().sessionIdleMinutes * 60_000;
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + idleMs <= now) {
    await db().session.deleteMany({ where: { id: row.id } });
    return "session-expired";
  }
  return row.user.disabled ? "user-disabled" : "ok";
}

/**
 * The session a cookie's token names, if it is still good (see judge).
 * Marks the session as seen.
 */
export async function sessionFromToken(token: string | null | undefined): Promise<SessionLookup> {
  if (!token) return { ok: false, reason: "no-session" };
  if (!isWellFormedToken(token)) return { ok: false, reason: "session-unknown" };
  const row = await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row) return { ok: false, reason: "session-unknown" };

  const verdict = await judge(row);
  if (verdict === "session-expired") return { ok: false, reason: verdict };
  if (verdict === "user-disabled") return { ok: false, reason: verdict, user: sessionUserFromRow(row.user) };
  // Checked here too so that a page view within the interval costs no write.
  if (Date.now() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await markSessionActive(row.id);
  return { ok: true, user: sessionUserFromRow(row.user), sessionId: row.id };
}

/**
 * Whether the session with this id is still good, by the same rules as a
 * cookie's (an expired row is deleted) — without marking it seen: for
 * something that holds on to a sign-in (a terminal) looking again later.
 */
export async function sessionStillValid(sessionId: number): Promise<boolean> {
  const row = await db().session.findUnique({ where: { id: sessionId }, include: { user: true } });
  return row !== null && (await judge(row)) === "ok";
}

/**
 * Marks the session as in use now, unless it was marked within the last
 * TOUCH_INTERVAL_MS. A session already past its idle or absolute end stays
 * dead: the conditions sit in the one UPDATE, so a late touch cannot revive it.
 */
export async function markSessionActive(sessionId: number): Promise<void> {
  const now = Date.now();
  const idleMs = loadConfig().sessionIdleMinutes * 60_000;
  await db().session.updateMany({
    where: {
      id: sessionId,
      lastSeenAt: { lte: new Date(now - TOUCH_INTERVAL_MS), gt: new Date(now - idleMs) },
      expiresAt: { gt: new Date(now) },
    },
    data: { lastSeenAt: new Date(now) },
  });
}

/**
 * Ends the session server-side (the cookie alone is worthless afterwards),
 * audits it, and tells who holds on to it (its terminals close). A token
 * that names no session (already expired or signed out) ends nothing.
 */
export async function logout(token: string | null | undefined, client: ClientInfo): Promise<void> {
  if (!token || !isWellFormedToken(token)) return;
  const row = await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  // Counted, so two sign-outs racing on one session audit it once.
  if (!row || (await db().session.deleteMany({ where: { id: row.id } })).count === 0) return;
  await recordEvent({ actor: row.user.name, address: client.address, action: "sign out", outcome: "ok", detail: "session ended" });
  await sessionsEnded();
}
