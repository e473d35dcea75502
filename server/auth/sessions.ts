import { PASSWORD_MAX_LENGTH, userNameSchema } from "@/lib/account-schemas";
import { recordRefusal } from "../audit";
import { loadConfig } from "../config/load-config";
import { db } from "../db";
import { addressKey, loginLimiter, nameKey } from "./login-limiter";
import { decoyPasswordHash, verifyPassword } from "./password-hash";
import { sessionCookie, type SessionCookie } from "./session-cookie";
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
  const limiter = loginLimiter();
  const refuse = async (reason: LoginRefusal["reason"], why: string, message: string, extra: Partial<LoginRefusal> = {}) => {
    await recordRefusal({
      actor: "anonymous",
      address: client.address,
      action: "sign in",
      detail: `as ${JSON.stringify(typedName)}: ${why}`,
    });
    return { ok: false as const, reason, message, ...extra };
  };

  if (!limiter.allows(keys)) {
    const retryAfterSeconds = Math.ceil(limiter.retryAfterMs(keys) / 1000);
    return refuse("rate-limited", "too many failed sign-ins", `Too many failed sign-ins. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }

  // Counted as a failure before the (slow) check, so a burst of parallel
  // guesses cannot all pass `allows` first; withdrawn if the password is right.
  const mark = limiter.recordFailure(keys);
  const parsedName = userNameSchema.safeParse(name);
  const user = parsedName.success ? await db().user.findUnique({ where: { name: parsedName.data } }) : null;
  const usablePassword = typeof password === "string" && password.length <= PASSWORD_MAX_LENGTH;
  // Unknown names are verified against a decoy so they take as long as known ones.
  const matches = usablePassword && (await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash())));
  if (!user || !matches) {
    return refuse("invalid-credentials", user ? "wrong password" : "no such user", "Wrong user name or password.");
  }
  limiter.withdraw(keys, mark);
  if (user.disabled) return refuse("disabled", "account disabled", "This account is disabled.");

  limiter.clear(nameKey(typedName));
  return { ok: true, ...(await startSession(sessionUserFromRow(user), client)) };
}

export type SessionLookup =
  | { ok: true; user: SessionUser; sessionId: number }
  | { ok: false; reason: "no-session" | "session-unknown" | "session-expired"; user?: undefined }
  | { ok: false; reason: "user-disabled"; user: SessionUser };

/**
 * The session a cookie's token names, if it is still good: known, within its
 * absolute lifetime (SESSION_MAX_HOURS), used within SESSION_IDLE_MINUTES, and
 * its user enabled. Expired rows are deleted. Marks the session as seen.
 */
export async function sessionFromToken(token: string | null | undefined): Promise<SessionLookup> {
  if (!token) return { ok: false, reason: "no-session" };
  if (!isWellFormedToken(token)) return { ok: false, reason: "session-unknown" };
  const row = await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row) return { ok: false, reason: "session-unknown" };

  const now = Date.now();
  const idleMs = loadConfig().sessionIdleMinutes * 60_000;
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + idleMs <= now) {
    await db().session.deleteMany({ where: { id: row.id } });
    return { ok: false, reason: "session-expired" };
  }
  if (row.user.disabled) return { ok: false, reason: "user-disabled", user: sessionUserFromRow(row.user) };

  if (now - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db().session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { ok: true, user: sessionUserFromRow(row.user), sessionId: row.id };
}

/** Ends the session server-side; the cookie alone is worthless afterwards. */
export async function logout(token: string | null | undefined): Promise<void> {
  if (!token || !isWellFormedToken(token)) return;
  await db().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
