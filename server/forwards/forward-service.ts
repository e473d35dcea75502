import { userInfo } from "node:os";
import {
  checkForwardInput,
  FORWARD_PROTOCOLS,
  forwardSummary,
  type ForwardActionResult,
  type ForwardField,
  type ForwardLimits,
  type ForwardProtocol,
  type ForwardRequest,
  type ForwardView,
} from "@/lib/forwards";
import { finishAudit, startAudit } from "../audit";
import type { Who } from "../containers/who";
import { db } from "../db";
import { processIsRoot } from "../host/host-user";
import { lanAddresses } from "../host/lan-addresses";
import { containerExists } from "../lxc";
import { loadConfig } from "../config/load-config";
import { engineSettings, forwardStatuses, reconcileForwards, serialized, type EngineSettings } from "./forward-engine";
import { hasNetworkInterface, readTargets } from "./forward-targets";
import { readBridgeNetwork } from "../lxc/bridge-network";
import { candidateHostPorts, hostPortHolder, unprivilegedPortStart } from "./host-ports";

/**
 * Forwards as the pages and routes use them: listed with their state, made
 * and removed by an admin with every check first and an audit row each,
 * nothing half-applied (a forward the host refuses is not kept).
 */

/** How this dashboard forwards, from who it runs as and its settings. */
export function forwardSettings(): EngineSettings {
  return engineSettings() ?? { mechanism: processIsRoot() ? "nftables" : "proxy", table: loadConfig().nftTable };
}

export function forwardLimits(): ForwardLimits {
  const { mechanism, table } = forwardSettings();
  return {
    mechanism,
    protocols: mechanism === "nftables" ? FORWARD_PROTOCOLS : ["tcp"],
    minHostPort: mechanism === "nftables" ? 1 : unprivilegedPortStart(),
    table: mechanism === "nftables" ? table : null,
    user: userInfo().username,
    hostAddresses: lanAddresses(),
  };
}

type Row = { id: number; container: string; protocol: string; hostPort: number; containerPort: number; createdBy: string; createdAt: Date };

function toView(row: Row): ForwardView {
  const status = forwardStatuses().get(row.id) ?? {
    state: "waiting" as const,
    target: null,
    reason: engineSettings() ? "Being applied." : "The dashboard's forwarding is not running in this process.",
  };
  return { ...row, protocol: row.protocol as ForwardProtocol, createdAt: row.createdAt.toISOString(), ...status };
}

export async function listForwards(): Promise<ForwardView[]> {
  const rows = await db().portForward.findMany({ orderBy: [{ container: "asc" }, { hostPort: "asc" }] });
  return rows.map(toView);
}

type Refusal = Extract<ForwardActionResult, { ok: false }>;

function refuse(field: ForwardField | null, error: string): Refusal {
  return { ok: false, error, fieldErrors: field ? { [field]: error } : {} };
}

/** A host port already taken, by another forward or by a program of the host: the reason, else null. */
async function hostPortProblem(protocol: ForwardProtocol, hostPort: number): Promise<string | null> {
  const other = await db().portForward.findFirst({ where: { protocol, hostPort } });
  if (other) return `Host port ${hostPort}/${protocol} already forwards to ${other.container}:${other.containerPort}.`;
  const holder = await hostPortHolder(protocol, hostPort);
  return holder ? `Host port ${hostPort}/${protocol} is in use on this host by ${holder}.` : null;
}

/** Everything checked before a forward is stored: the input, the container, the port. */
async function checkRequest(input: unknown): Promise<{ ok: true; request: ForwardRequest } | Refusal> {
  const checked = checkForwardInput(input, forwardLimits());
  if (!checked.ok) {
    const first = Object.values(checked.fieldErrors)[0] ?? "Some fields are not right.";
    return { ok: false, error: first, fieldErrors: checked.fieldErrors };
  }
  const req = checked.request;
  if (!(await containerExists(req.container))) return refuse("container", `There is no container named ${req.container}.`);
  if (!(await hasNetworkInterface(req.container))) {
    return refuse("container", `${req.container} has no network interface, so nothing can reach it.`);
  }
  const target = (await readTargets(await readBridgeNetwork())).get(req.container);
  if (target?.running && target.address === null) {
    return refuse("container", `${req.container} has no IPv4 address yet; wait for DHCP, or give it a fixed address in its settings.`);
  }
  const portProblem = await hostPortProblem(req.protocol, req.hostPort);
  if (portProblem) return refuse("hostPort", portProblem);
  return { ok: true, request: req };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}

/**
 * Makes a forward: checked, stored, applied, audited. When the host refuses
 * it (nft fails, the port was taken meanwhile), the row is removed again and
 * the answer says why; a stopped container's forward is kept, waiting.
 */
export async function createForward(who: Who, input: unknown): Promise<ForwardActionResult> {
  const checked = await checkRequest(input);
  if (!checked.ok) return checked;
  const req = checked.request;
  const summary = forwardSummary(req);
  const auditId = await startAudit({ ...who, action: "expose port", container: req.container, command: summary });
  return serialized(async () => {
    let id: number;
    try {
      ({ id } = await db().portForward.create({ data: { ...req, createdBy: who.actor } }));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const error = `Host port ${req.hostPort}/${req.protocol} was just forwarded by someone else.`;
      await finishAudit(auditId, { outcome: "failed", detail: error });
      return refuse("hostPort", error);
    }
    const cause = { ...who, reason: `exposed ${summary}`, callerAudits: true };
    const done = await reconcileForwards(cause);
    const failure = done.failed.get(id);
    if (failure) {
      await db().portForward.deleteMany({ where: { id } });
      await reconcileForwards({ ...cause, reason: `took back ${summary}` });
      await finishAudit(auditId, { outcome: "failed", detail: `${failure}\n${done.changes.join("\n")}`.trim() });
      return refuse("hostPort", failure);
    }
    const view = toView((await db().portForward.findUniqueOrThrow({ where: { id } })) as Row);
    const detail = done.changes.length > 0 ? done.changes.join("\n") : `waiting: ${view.reason ?? ""}`;
    await finishAudit(auditId, { outcome: "ok", detail });
    const where = view.state === "active" ? `now reaches ${view.target}` : `waits: ${view.reason}`;
    return { ok: true, message: `Host port ${req.hostPort}/${req.protocol} ${where}`, forward: view };
  });
}

/** Removes a forward: unapplied first, then forgotten; when the host refuses, it stays as it was. */
export async function removeForward(who: Who, id: number): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  if (!Number.isSafeInteger(id) || id < 1) return { ok: false, error: "That forward does not exist." };
  return serialized(async () => {
    const row = await db().portForward.findUnique({ where: { id } });
    if (!row) return { ok: false, error: "That forward does not exist (it may have been removed already)." };
    const summary = forwardSummary({ ...row, protocol: row.protocol as ForwardProtocol });
    const auditId = await startAudit({ ...who, action: "remove forward", container: row.container, command: summary });
    await db().portForward.delete({ where: { id } });
    const cause = { ...who, reason: `removed ${summary}`, callerAudits: true };
    const done = await reconcileForwards(cause);
    if (done.failed.size > 0 && engineSettings()?.mechanism === "nftables") {
      // nft refused the table without it: the old rules still stand, so the forward does too.
      await db().portForward.create({ data: row });
      await reconcileForwards({ ...cause, reason: `kept ${summary}` });
      const error = [...done.failed.values()][0]!;
      await finishAudit(auditId, { outcome: "failed", detail: error });
      return { ok: false, error: `The forward stays: ${error}` };
    }
    await finishAudit(auditId, { outcome: "ok", detail: done.changes.join("\n") || "it was not applied" });
    return { ok: true, message: `Host port ${row.hostPort}/${row.protocol} no longer forwards to ${row.container}` };
  });
}

/** A free host port to offer for a container port: itself if allowed and free, then 8000 + its last digits, then 18000 up. */
export async function suggestHostPort(protocol: ForwardProtocol, containerPort: number): Promise<number | null> {
  for (const port of candidateHostPorts(containerPort, forwardLimits().minHostPort)) {
    if ((await hostPortProblem(protocol, port)) === null) return port;
  }
  return null;
}
