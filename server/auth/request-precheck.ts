import type { IncomingMessage } from "node:http";
import { stampClientAddress } from "./client-address";
import { auditRefusal, refusal, type AccessRefusal } from "./access-check";
import { originProblem } from "./origin-check";
import { dashboardHostAllowlist } from "./request-source";

/**
 * The custom server's first look at every request and upgrade, before Next
 * sees it: records the peer address for the access checks (see client-address.ts) and
 * refuses, with 403, a Host that is not this machine's (DNS rebinding), the
 * x-middleware-subrequest header and an Origin of another site. The access checks
 * check again; this also covers pages, static files and Next's own endpoints.
 */
export async function precheckRequest(req: IncomingMessage): Promise<AccessRefusal | null> {
  const address = stampClientAddress(req);
  const request = { host: req.headers.host ?? null, origin: req.headers.origin ?? null, address };
  const reason = !dashboardHostAllowlist().allows(request.host)
    ? "host-not-allowed"
    : req.headers["x-middleware-subrequest"] !== undefined
      ? "middleware-subrequest"
      : foreignOrigin(request);
  if (!reason) return null;
  await auditRefusal({ reason }, request, `${req.method ?? "?"} ${(req.url ?? "").slice(0, 200)}`);
  return refusal(reason);
}

/**
 * An Origin that is sent must be this dashboard's own (or the request is
 * refused here, audited). Next itself aborts a server action from a foreign or
 * null Origin before any access check runs — refused, but with no audit row — so this
 * is where such attempts get theirs. A missing Origin is left to each access check,
 * which refuses it for anything that changes state.
 */
function foreignOrigin(request: { host: string | null; origin: string | null }): "origin-null" | "origin-foreign" | null {
  const problem = originProblem({ ...request, method: "GET" }, dashboardHostAllowlist());
  return problem === "origin-missing" ? null : problem;
}
