/** Stands in for this site's origin when resolving a path; never contacted. */
const SELF = "http://dashboard.invalid";

/**
 * Where to go after signing in: the `next` parameter when it is a path on this
 * site, else "/". Only a same-site relative path passes — "//evil.example",
 * "/\evil.example", "https://evil.example" and anything with control
 * characters fall back to "/" — so the login page is never an open redirect.
 * The sign-in and setup pages themselves are not destinations either.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//")) return "/";
  // Browsers read "\" as "/" and drop tabs and newlines, so "/\evil.example" would leave the site.
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, SELF);
  } catch {
    return "/";
  }
  if (url.origin !== SELF || url.pathname === "/login" || url.pathname === "/setup") return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's address that comes back to `path` after signing in. */
export function loginPathFor(path: string | undefined): string {
  const next = safeNextPath(path);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
