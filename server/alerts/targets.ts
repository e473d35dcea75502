import { hostname, networkInterfaces } from "node:os";
import { TARGET_KINDS, type AlertTargetView, type SmtpSettings, type TargetKind } from "@/lib/alert-types";
import { machineHostNames } from "../auth/host-allowlist";
import { loadConfig } from "../config/load-config";
import { db } from "../db";
import { sendEmail } from "./deliver/email";
import { sendNtfy } from "./deliver/ntfy";
import { withoutSecret, type AlertPayload, type SendResult } from "./deliver/types";
import { sendWebhook } from "./deliver/webhook";
import { emailAddressProblem, targetUrlProblem } from "./target-url";

type TargetRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["alertTarget"]["findUnique"]>>>;

export interface TargetInput {
  kind: unknown;
  name: unknown;
  address: unknown;
  /** A new secret; "" or undefined keeps the stored one (the browser never has it to send back). */
  secret?: unknown;
  clearSecret?: unknown;
  smtp?: unknown;
}

export type TargetResult = { ok: true; target: AlertTargetView } | { ok: false; error: string; field: string };

const str = (v: unknown, max = 500) => (typeof v === "string" ? v.trim().slice(0, max) : "");

/** The dashboard's own port, names and addresses: a target there would be the dashboard itself. */
function selfAddress() {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return { port: loadConfig().port, hostNames: new Set([...machineHostNames(), hostname(), ...addresses].map((h) => h.toLowerCase())) };
}

function smtpFrom(input: unknown): { ok: true; smtp: SmtpSettings } | { ok: false; error: string; field: string } {
  const o = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const host = str(o.host, 253);
  if (!/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/.test(host)) return { ok: false, error: "Enter the SMTP server's host name or address.", field: "smtp.host" };
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: "A port is a whole number from 1 to 65535.", field: "smtp.port" };
  const security = str(o.security);
  if (security !== "tls" && security !== "starttls" && security !== "none") return { ok: false, error: "Choose TLS, STARTTLS or none.", field: "smtp.security" };
  const from = str(o.from, 254);
  if (emailAddressProblem(from)) return { ok: false, error: "Enter the sender's address, like dashboard@example.org.", field: "smtp.from" };
  return { ok: true, smtp: { host, port, security, user: str(o.user, 254), from } };
}

export function targetView(row: TargetRow): AlertTargetView {
  const settings = JSON.parse(row.settings || "{}") as { smtp?: SmtpSettings };
  return {
    id: row.id,
    kind: row.kind as TargetKind,
    name: row.name,
    enabled: row.enabled,
    address: row.address,
    smtp: row.kind === "email" ? (settings.smtp ?? null) : null,
    secretSet: Boolean(row.secret),
  };
}

/** Checks a target's fields; the first problem names its field. */
function validate(input: TargetInput): { ok: true; kind: TargetKind; name: string; address: string; smtp: SmtpSettings | null } | { ok: false; error: string; field: string } {
  const kind = str(input.kind);
  if (!Object.hasOwn(TARGET_KINDS, kind)) return { ok: false, error: "Choose webhook, ntfy or e-mail.", field: "kind" };
  const name = str(input.name, 80);
  if (!name) return { ok: false, error: "Give the target a name.", field: "name" };
  const address = str(input.address, 2000);
  const problem = kind === "email" ? emailAddressProblem(address) : targetUrlProblem(address, selfAddress());
  if (problem) return { ok: false, error: problem, field: "address" };
  if (kind !== "email") return { ok: true, kind: kind as TargetKind, name, address, smtp: null };
  const smtp = smtpFrom(input.smtp);
  return smtp.ok ? { ok: true, kind: "email", name, address, smtp: smtp.smtp } : smtp;
}

export async function listTargets(): Promise<AlertTargetView[]> {
  return (await db().alertTarget.findMany({ orderBy: { id: "asc" } })).map(targetView);
}

export async function saveTarget(id: number | null, input: TargetInput): Promise<TargetResult> {
  const v = validate(input);
  if (!v.ok) return v;
  const secret = str(input.secret, 1000);
  const data = {
    kind: v.kind,
    name: v.name,
    address: v.address,
    settings: JSON.stringify(v.smtp ? { smtp: v.smtp } : {}),
    ...(secret ? { secret } : input.clearSecret === true ? { secret: null } : {}),
  };
  const row = id === null ? await db().alertTarget.create({ data }) : await db().alertTarget.update({ where: { id }, data }).catch(() => null);
  if (!row) return { ok: false, error: "That target no longer exists.", field: "id" };
  return { ok: true, target: targetView(row) };
}

export async function setTargetEnabled(id: number, enabled: boolean): Promise<boolean> {
  return (await db().alertTarget.updateMany({ where: { id }, data: { enabled } })).count === 1;
}

export async function deleteTarget(id: number): Promise<boolean> {
  return (await db().alertTarget.deleteMany({ where: { id } })).count === 1;
}

/** Sends one payload to one target, whatever its kind; never throws. The answer never carries the target's secret. */
export async function sendToTarget(row: TargetRow, payload: AlertPayload): Promise<SendResult> {
  const result = await sendByKind(row, payload);
  return { ok: result.ok, detail: withoutSecret(result.detail, row.secret) };
}

async function sendByKind(row: TargetRow, payload: AlertPayload): Promise<SendResult> {
  try {
    if (row.kind === "webhook") return await sendWebhook(row.address, row.secret, payload);
    if (row.kind === "ntfy") return await sendNtfy(row.address, row.secret, payload);
    const smtp = targetView(row).smtp;
    if (!smtp) return { ok: false, detail: "The target has no SMTP settings." };
    return await sendEmail(row.address, smtp, row.secret, payload);
  } catch (err) {
    return { ok: false, detail: `delivery failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
