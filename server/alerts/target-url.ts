import { isIP } from "node:net";

/**
 * Whether a webhook or ntfy URL may be used, as one sentence for the field,
 * or null: http(s) only, no credentials in it (the token has its own field,
 * stored as a secret), and never the dashboard itself (an alert posted to
 * its own port could loop, and would carry nothing anywhere).
 */
export interface SelfAddress {
  /** The dashboard's port. */
  port: number;
  /** Names and addresses of this machine (lower-case), loopback included. */
  hostNames: ReadonlySet<string>;
}

function isLoopbackOrAny(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.") || host === "0.0.0.0";
  if (isIP(host) === 6) return host === "::1" || host === "::" || host.startsWith("::ffff:127.");
  return false;
}

export function targetUrlProblem(raw: string, self: SelfAddress): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL, starting with http:// or https://.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http:// or https:// URL.";
  if (url.username || url.password) return "Put a token in the token field, not in the URL.";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (port === self.port && (isLoopbackOrAny(host) || self.hostNames.has(host))) {
    return "That URL is this dashboard itself; alerts cannot be sent to it.";
  }
  return null;
}

/** The address field of an e-mail target: one plain address. */
export function emailAddressProblem(raw: string): string | null {
  return /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(raw.trim()) ? null : "Enter one e-mail address, like ops@example.org.";
}
