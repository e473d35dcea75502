import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The headers every answer of a root-shell dashboard carries, set by the
 * custom server before Next sees the request (so pages, route handlers,
 * static files and Next's own endpoints all get them):
 *
 * - Content-Security-Policy: scripts only from the dashboard itself, each
 *   inline one carrying this request's nonce. Next reads the nonce from the
 *   request's own Content-Security-Policy header (which is why the policy is
 *   also written into the request) and puts it on the scripts it renders;
 *   'strict-dynamic' lets those scripts load the app's chunks. Connections
 *   ('self': fetches, the push stream and the terminal's WebSocket, same host
 *   and port, ws: or wss:) only to the dashboard. style-src needs
 *   'unsafe-inline': React writes style attributes (xterm.js sizes its rows
 *   and cursor that way, Next's router announcer too) and those cannot carry
 *   a nonce; styles cannot run code, and stylesheets still come only from here.
 *   No frames of ours, nor inside anyone's (frame-ancestors 'none', and
 *   X-Frame-Options for older browsers): framing could borrow a session for
 *   clicks. No plugins, no <base> or form posts elsewhere.
 * - X-Content-Type-Options: nosniff: a download is never run as a script.
 * - Referrer-Policy: same-origin: container names and paths never leave in a
 *   Referer. Not no-referrer: with it, browsers send `Origin: null` on
 *   same-origin POSTs, which the origin check rightly refuses.
 */
export function contentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Next's dev overlay and fast refresh evaluate code; the production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const FIXED_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

/** Sets the headers on the answer and hands the nonce to Next through the request. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { dev?: boolean } = {}): void {
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), options);
  // Whatever the client sent under this name is replaced: only ours names the nonce.
  req.headers["content-security-policy"] = policy;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(FIXED_SECURITY_HEADERS)) res.setHeader(name, value);
}

/** This request's nonce, from the policy applySecurityHeaders wrote into the request: for our own inline scripts. */
export function nonceFromPolicy(policy: string | null | undefined): string | undefined {
  return policy ? /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(policy)?.[1] : undefined;
}
