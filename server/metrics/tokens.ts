import { createHash, randomBytes } from "node:crypto";
import type { ActionResult } from "@/lib/api-types";
import { tokenNameProblem, type CreateTokenResult, type MetricsTokenView } from "@/lib/metrics-tokens";
import { recordEvent, recordRefusal } from "../audit";
import type { Who } from "../containers/who";
import { db } from "../db";
import { processSingleton } from "../process-singleton";

/**
 * Bearer tokens for the Prometheus endpoint. A token is 32 random bytes
 * (base64url) after "lxcm_"; only its SHA-256 is stored, so it is shown once,
 * when made, and a copy of the database does not let anyone scrape.
 */
const PREFIX = "lxcm_";
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listMetricsTokens(): Promise<MetricsTokenView[]> {
  const rows = await db().metricsToken.findMany({ orderBy: { id: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/** Makes a token (audited) and returns it: the only time it is ever sent. */
export async function createMetricsToken(who: Who, name: unknown): Promise<CreateTokenResult> {
  const problem = tokenNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  const token = PREFIX + randomBytes(32).toString("base64url");
  const clean = (name as string).trim();
  await db().metricsToken.create({ data: { name: clean, tokenHash: hash(token), prefix: token.slice(0, PREFIX.length + 4), createdBy: who.actor } });
  await recordEvent({ ...who, action: "create metrics token", outcome: "ok", detail: clean });
  return { ok: true, token, message: `Token ${clean} made. Copy it now: it is not shown again.` };
}

/** Revokes a token (audited); scrapes with it get 401 from now on. */
export async function revokeMetricsToken(who: Who, id: unknown): Promise<ActionResult> {
  const row = typeof id === "number" ? await db().metricsToken.findUnique({ where: { id } }) : null;
  if (!row) return { ok: false, error: "That token no longer exists; reload the page." };
  if (row.revokedAt) return { ok: false, error: `${row.name} is already revoked.` };
  await db().metricsToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  await recordEvent({ ...who, action: "revoke metrics token", outcome: "ok", detail: row.name });
  return { ok: true, message: `Revoked ${row.name}.` };
}

export type ScrapeRefusal = "no-token" | "malformed-token" | "unknown-token" | "revoked-token";

const REFUSAL_TEXT: Record<ScrapeRefusal, string> = {
  "no-token": "no bearer token",
  "malformed-token": "a malformed Authorization header",
  "unknown-token": "a token that is not one of ours",
  "revoked-token": "a revoked token",
};

/** A scraper refused the same way from the same address is audited once a minute, not every scrape. */
const AUDIT_EVERY_MS = 60_000;

/**
 * Checks a scrape's Authorization header. A refusal is an audit row (at most
 * one a minute per address and reason: Prometheus retries every scrape
 * interval). A good token's last use is kept, at most once a minute.
 */
export async function authorizeScrape(authorization: string | null, address: string | null, now = Date.now()): Promise<{ ok: true } | { ok: false; reason: ScrapeRefusal }> {
  const refuse = async (reason: ScrapeRefusal, name?: string) => {
    const seen = processSingleton("metrics-scrape-refusals", () => new Map<string, number>());
    const key = `${address ?? "?"} ${reason}`;
    if (now - (seen.get(key) ?? -Infinity) >= AUDIT_EVERY_MS) {
      seen.set(key, now);
      await recordRefusal({ actor: "(metrics scraper)", address, action: "scrape metrics", detail: `${reason}: ${REFUSAL_TEXT[reason]}${name ? ` (${name})` : ""}` });
    }
    return { ok: false as const, reason };
  };
  if (!authorization) return refuse("no-token");
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization.trim());
  if (!m) return refuse("malformed-token");
  const row = await db().metricsToken.findUnique({ where: { tokenHash: hash(m[1]!) } });
  if (!row) return refuse("unknown-token");
  if (row.revokedAt) return refuse("revoked-token", row.name);
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= 60_000) {
    await db().metricsToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { ok: true };
}
