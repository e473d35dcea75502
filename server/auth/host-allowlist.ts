import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import os from "node:os";

/**
 * DNS rebinding: a page on evil.example re-points its own name at this
 * machine, and the browser then treats the dashboard as evil.example's origin.
 * The Host header still says evil.example, so only names this machine knows
 * as its own are accepted. IP literals are always accepted: rebinding needs a
 * name the attacker controls, and a LAN dashboard is often reached by address.
 */

export interface HostAndPort {
  /** Lower-case, no brackets around IPv6, no trailing dot. */
  name: string;
  /** The explicit port, or null when the header names none. */
  port: number | null;
}

/** A Host header (or a URL's host) split into name and port; null if malformed. */
export function parseHostHeader(hostHeader: string | null | undefined): HostAndPort | null {
  if (!hostHeader) return null;
  const h = hostHeader.trim().toLowerCase();
  let name: string;
  let rest: string;
  if (h.startsWith("[")) {
    const close = h.indexOf("]");
    if (close < 0) return null;
    name = h.slice(1, close);
    rest = h.slice(close + 1);
    if (isIP(name) !== 6) return null;
  } else {
    const colon = h.lastIndexOf(":");
    name = colon < 0 ? h : h.slice(0, colon);
    rest = colon < 0 ? "" : h.slice(colon);
  }
  const port = /^:(\d{1,5})$/.exec(rest);
  if (rest !== "" && !port) return null;
  name = name.replace(/\.$/, "");
  if (name === "" || !/^[a-z0-9.:_-]+$/.test(name)) return null;
  return { name, port: port ? Number(port[1]) : null };
}

/**
 * The machine's own names: its host name, the short and .local forms, and the
 * names /etc/hosts gives it (where Debian puts the FQDN), plus "localhost".
 */
export function machineHostNames(): string[] {
  const host = os.hostname().toLowerCase();
  const short = host.split(".")[0]!;
  const names = new Set(["localhost", host, short, `${short}.local`]);
  for (const line of readEtcHosts().split("\n")) {
    const fields = line.replace(/#.*/, "").trim().split(/\s+/).slice(1).map((n) => n.toLowerCase());
    if (fields.includes(host) || fields.includes(short)) for (const n of fields) names.add(n);
  }
  return [...names].filter((n) => n !== "");
}

function readEtcHosts(): string {
  try {
    return readFileSync("/etc/hosts", "utf8");
  } catch {
    return "";
  }
}

export class HostAllowlist {
  private readonly names: Set<string>;

  constructor(names: Iterable<string>) {
    this.names = new Set([...names].map((n) => n.toLowerCase().replace(/\.$/, "")));
  }

  /** Whether a Host header (any port) names this machine. */
  allows(hostHeader: string | null | undefined): boolean {
    const parsed = parseHostHeader(hostHeader);
    return parsed !== null && (isIP(parsed.name) !== 0 || this.names.has(parsed.name));
  }
}
