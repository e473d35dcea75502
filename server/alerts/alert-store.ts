import { hostname } from "node:os";
import type { AlertRuleId, AlertView, DeliveryLogEntry } from "@/lib/alert-types";
import { db } from "../db";
import { publishLive } from "../live/live-bus";
import type { Coalesced } from "./coalesce";
import { enqueueDeliveries } from "./outbox";

/** Writes the alert (the bell shows it), queues it for every enabled target and tells every tab. */
export async function storeAlert(a: Coalesced, now = new Date()): Promise<number> {
  const row = await db().alert.create({
    data: { at: now, rule: a.rule, container: a.container, title: a.title, body: a.body, level: a.level, count: a.count },
  });
  await enqueueDeliveries(row.id, {
    title: a.title,
    body: a.body,
    container: a.container,
    rule: a.rule,
    level: a.level,
    count: a.count,
    at: now.toISOString(),
    host: hostname(),
  });
  publishLive({ type: "alert", title: a.title, container: a.container });
  return row.id;
}

export async function listAlerts(userId: number, take = 30): Promise<AlertView[]> {
  const rows = await db().alert.findMany({ orderBy: { id: "desc" }, take, include: { reads: { where: { userId } } } });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    rule: r.rule as AlertRuleId,
    container: r.container,
    title: r.title,
    body: r.body,
    level: r.level === "error" ? "error" : "warning",
    count: r.count,
    read: r.reads.length > 0,
  }));
}

/** Alerts of the last 30 days this user has not seen (the bell's number). */
export async function unreadCount(userId: number): Promise<number> {
  return db().alert.count({ where: { at: { gte: new Date(Date.now() - 30 * 86_400_000) }, reads: { none: { userId } } } });
}

export async function markAllRead(userId: number): Promise<void> {
  const unread = await db().alert.findMany({ where: { reads: { none: { userId } } }, select: { id: true } });
  if (unread.length > 0) await db().alertRead.createMany({ data: unread.map((a) => ({ alertId: a.id, userId })) });
}

export async function deliveryLog(take = 50): Promise<DeliveryLogEntry[]> {
  const rows = await db().deliveryAttempt.findMany({
    orderBy: { id: "desc" },
    take,
    include: { delivery: { include: { target: true, alert: true } } },
  });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    target: r.delivery.target.name,
    alert: r.delivery.alert?.title ?? "test",
    ok: r.ok,
    detail: r.detail,
    attempt: r.delivery.attempts,
    status: r.delivery.status as DeliveryLogEntry["status"],
  }));
}
