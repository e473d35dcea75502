import type { ActivityItem, ActivityLevel, ActivityResponse } from "@/lib/activity-types";
import { db } from "../db";

export interface FeedQuery {
  container?: string;
  /** ISO time: items strictly older than this (the next page). */
  before?: string;
  take?: number;
}

const MAX_TAKE = 500;

/**
 * The Activity page: state changes and services' rows merged in time with
 * the audit rows of actions on containers (who did what, with the exact
 * command), newest first.
 */
export async function listActivityFeed(q: FeedQuery = {}): Promise<ActivityResponse> {
  const take = Math.min(Math.max(q.take ?? 100, 1), MAX_TAKE);
  const before = q.before ? new Date(q.before) : null;
  const beforeOk = before && !Number.isNaN(before.getTime()) ? before : null;
  const [events, audits] = await Promise.all([
    db().activityEvent.findMany({
      where: { container: q.container || undefined, at: beforeOk ? { lt: beforeOk } : undefined },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: take + 1,
    }),
    db().auditEntry.findMany({
      where: { container: q.container ? q.container : { not: null }, startedAt: beforeOk ? { lt: beforeOk } : undefined },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: take + 1,
    }),
  ]);
  const items: ActivityItem[] = [
    ...events.map((e) => ({
      key: `e${e.id}`,
      at: e.at.toISOString(),
      container: e.container,
      actor: e.actor,
      what: e.message,
      level: e.level as ActivityLevel,
      command: null,
      source: "state" as const,
    })),
    ...audits.map((a) => ({
      key: `a${a.id}`,
      at: a.startedAt.toISOString(),
      container: a.container,
      actor: a.actor,
      what: `${a.action} (${a.outcome}${a.exitCode !== null && a.exitCode !== 0 ? `, exit ${a.exitCode}` : ""})`,
      level: (a.outcome === "failed" || a.outcome === "interrupted" ? "error" : a.outcome === "refused" ? "warning" : "info") as ActivityLevel,
      command: a.command,
      source: "audit" as const,
    })),
  ].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : x.key < y.key ? 1 : -1));
  const page = items.slice(0, take);
  const more = items.length > take;
  return { items: page, nextBefore: more ? (page.at(-1)?.at ?? null) : null };
}
