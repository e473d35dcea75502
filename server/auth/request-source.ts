import { loadConfig } from "../config/load-config";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { HostAllowlist, machineHostNames } from "./host-allowlist";
import { originProblem, type OriginProblem } from "./origin-check";

/** What every access check looks at, taken from whichever framework delivered the request. */
export interface AccessRequest {
  method: string;
  host?: string | null;
  origin?: string | null;
  cookieHeader?: string | null;
  address?: string | null;
  /** A server action: always state-changing, whatever the method says. */
  isAction?: boolean;
  /** Whether x-middleware-subrequest was sent (Next's internal header, CVE-2025-29927: never from a browser). */
  middlewareSubrequest?: boolean;
}

export interface HeadersLike {
  get(name: string): string | null;
}

export function accessRequestFromHeaders(headers: HeadersLike, init: { method: string; isAction?: boolean }): AccessRequest {
  return {
    method: init.method,
    isAction: init.isAction ?? false,
    host: headers.get("host"),
    origin: headers.get("origin"),
    cookieHeader: headers.get("cookie"),
    address: headers.get(CLIENT_ADDRESS_HEADER) || null,
    middlewareSubrequest: headers.get("x-middleware-subrequest") !== null,
  };
}

export type SourceProblem = "host-not-allowed" | "middleware-subrequest" | OriginProblem;

/** Why a request did not come from this dashboard's own pages, or null when it did. */
export function sourceProblem(request: AccessRequest, allowlist: HostAllowlist): SourceProblem | null {
  if (!allowlist.allows(request.host)) return "host-not-allowed";
  if (request.middlewareSubrequest) return "middleware-subrequest";
  return originProblem(request, allowlist);
}

let allowlist: HostAllowlist | undefined;

/** The machine's own names plus ALLOWED_HOSTS (IP literals are always allowed). */
export function dashboardHostAllowlist(): HostAllowlist {
  allowlist ??= new HostAllowlist([...machineHostNames(), ...loadConfig().allowedHosts]);
  return allowlist;
}
