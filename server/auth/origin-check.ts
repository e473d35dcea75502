import { parseHostHeader, type HostAllowlist } from "./host-allowlist";

export type OriginProblem = "origin-missing" | "origin-null" | "origin-foreign";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a request can change state and so must prove where it came from. */
export function changesState(method: string, isAction: boolean): boolean {
  return isAction || STATE_CHANGING.has(method.toUpperCase());
}

/**
 * Cross-site request forgery: a state-changing request must carry an Origin
 * that is this very origin — same host name (one of the allowed ones) and same
 * port as the Host it was sent to, so even another service on this machine
 * (same site, so it gets SameSite=Strict cookies) cannot act. `Origin: null`
 * (sandboxed frames, some redirects) is refused. Requests that change nothing
 * may omit Origin, but one that is present must still be ours.
 */
export function originProblem(
  request: { origin?: string | null; host?: string | null; method: string; isAction?: boolean },
  allowlist: HostAllowlist,
): OriginProblem | null {
  const { origin } = request;
  if (origin === undefined || origin === null || origin === "") {
    return changesState(request.method, request.isAction ?? false) ? "origin-missing" : null;
  }
  if (origin.trim().toLowerCase() === "null") return "origin-null";
  return isSameOrigin(origin, request.host, allowlist) ? null : "origin-foreign";
}

export function isSameOrigin(origin: string, hostHeader: string | null | undefined, allowlist: HostAllowlist): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  // An origin is scheme://host[:port] and nothing more.
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") return false;
  const from = parseHostHeader(url.host);
  const to = parseHostHeader(hostHeader);
  if (!from || !to || !allowlist.allows(url.host)) return false;
  // A missing port means the scheme's default — both in the Origin and in Host.
  const defaultPort = url.protocol === "https:" ? 443 : 80;
  return from.name === to.name && (from.port ?? defaultPort) === (to.port ?? defaultPort);
}
