/** The cookie that carries the session token. */
export const SESSION_COOKIE = "lxcd_session";

/**
 * Attributes for the session cookie, in the shape Next's `cookies().set()`
 * takes. HttpOnly keeps scripts away from it; SameSite=Strict keeps other
 * sites' requests from carrying it; Secure only when the server speaks https
 * (a Secure cookie set over plain http is dropped by browsers).
 */
export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: "strict";
  path: "/";
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAge: number;
}

export interface SessionCookie {
  name: typeof SESSION_COOKIE;
  value: string;
  options: SessionCookieOptions;
}

export function sessionCookie(token: string, { https, maxAgeSeconds }: { https: boolean; maxAgeSeconds: number }): SessionCookie {
  return {
    name: SESSION_COOKIE,
    value: token,
    options: { httpOnly: true, sameSite: "strict", path: "/", secure: https, maxAge: Math.max(0, Math.floor(maxAgeSeconds)) },
  };
}

/** The cookie that makes the browser forget its session token. */
export function clearedSessionCookie({ https }: { https: boolean }): SessionCookie {
  return sessionCookie("", { https, maxAgeSeconds: 0 });
}

/** The cookie as a Set-Cookie header value, for responses built by hand (route handlers). */
export function serializeCookie({ name, value, options }: SessionCookie): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${options.maxAge}`, "HttpOnly", "SameSite=Strict"];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/**
 * The session token from a Cookie header, or null. When the header carries the
 * cookie more than once (a sibling path or a planted duplicate), none is
 * trusted.
 */
export function sessionTokenFromCookieHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  const values = header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${SESSION_COOKIE}=`))
    .map((pair) => pair.slice(SESSION_COOKIE.length + 1));
  return values.length === 1 && values[0] !== "" ? values[0]! : null;
}
