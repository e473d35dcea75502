import type { IncomingMessage } from "node:http";
import { stampClientAddress } from "./client-address";
import { auditRefusal, refusal, type DoorRefusal } from "./door";
import { dashboardHostAllowlist } from "./request-source";

/**
 * The custom server's first look at every request and upgrade, before Next
 * sees it: records the peer address for the doors (see client-address.ts) and
 * refuses, with 403, a Host that is not this machine's (DNS rebinding) and the
 * x-middleware-subrequest header. The doors check again; this also covers
 * pages, static files and Next's own endpoints.
 */
export async function screenIncomingRequest(req: IncomingMessage): Promise<DoorRefusal | null> {
  const address = stampClientAddress(req);
  const request = { host: req.headers.host ?? null, origin: req.headers.origin ?? null, address };
  const reason = !dashboardHostAllowlist().allows(request.host)
    ? "host-not-allowed"
    : req.headers["x-middleware-subrequest"] !== undefined
      ? "middleware-subrequest"
      : null;
  if (!reason) return null;
  await auditRefusal({ reason }, request, `${req.method ?? "?"} ${(req.url ?? "").slice(0, 200)}`);
  return refusal(reason);
}
