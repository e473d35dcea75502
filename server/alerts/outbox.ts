import { hostname } from "node:os";
import { db } from "../db";
import { processSingleton } from "../process-singleton";
import type { AlertPayload, SendResult } from "./deliver/types";
import { nextAttemptAt } from "./retry-schedule";
import { sendToTarget } from "./targets";

/**
 * The outbox: every (alert, target) pair is a row, written before anything
 * is sent, so a delivery survives a restart; a worker sends what is due,
 * logs every attempt with what the other side answered, and schedules a
 * failed one again (retry-schedule.ts) until it is delivered or given up.
 * The clock and the sender are injectable for tests.
 */
export interface OutboxDeps {
  now: () => Date;
  send: typeof sendToTarget;
}

const defaultDeps: OutboxDeps = { now: () => new Date(), send: sendToTarget };

/** Queues `payload` for every enabled target; returns how many deliveries were queued. */
export async function enqueueDeliveries(alertId: number | null, payload: AlertPayload, deps: Pick<OutboxDeps, "now"> = defaultDeps): Promise<number> {
  const targets = await db().alertTarget.findMany({ where: { enabled: true }, select: { id: true } });
  if (targets.length === 0) return 0;
  await db().alertDelivery.createMany({
    data: targets.map((t) => ({ alertId, targetId: t.id, payload: JSON.stringify(payload), nextAttemptAt: deps.now() })),
  });
  return targets.length;
}

/** Deliveries being sent by this process now: one attempt at a time per delivery. */
const inFlightDeliveries = () => processSingleton("alert-deliveries-in-flight", () => new Set<number>());

/**
 * Sends every pending delivery that is due; returns how many were attempted
 * (a disabled target's are dropped instead). Never throws for a failed send.
 */
export async function deliverDue(deps: OutboxDeps = defaultDeps, limit = 50): Promise<number> {
  const due = await db().alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: deps.now() } },
    include: { target: true },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
  });
  const inFlight = inFlightDeliveries();
  const mine = due.filter((d) => !inFlight.has(d.id));
  await Promise.all(
    mine.map(async (d) => {
      inFlight.add(d.id);
      try {
        // Switched off after this was queued (a retry, or not yet sent): dropped, not kept pending, so the worker has nothing to wake for.
        if (!d.target.enabled) return await dropDelivery(d.id, deps.now());
        const result = await deps.send(d.target, JSON.parse(d.payload) as AlertPayload);
        await recordAttempt(d.id, d.attempts + 1, result, deps.now());
      } finally {
        inFlight.delete(d.id);
      }
    }),
  );
  return mine.length;
}

async function recordAttempt(id: number, attempts: number, result: SendResult, at: Date): Promise<void> {
  const retryAt = result.ok ? null : nextAttemptAt(attempts, at);
  const status = result.ok ? "delivered" : retryAt ? "pending" : "failed";
  const detail = result.ok || retryAt ? result.detail : `${result.detail} (given up after ${attempts} attempts)`;
  await db().$transaction([
    db().deliveryAttempt.create({ data: { deliveryId: id, at, ok: result.ok, detail } }),
    db().alertDelivery.update({
      where: { id },
      data: { status, attempts, nextAttemptAt: retryAt ?? at, deliveredAt: result.ok ? at : null },
    }),
  ]);
}

async function dropDelivery(id: number, at: Date): Promise<void> {
  await db().$transaction([
    db().deliveryAttempt.create({ data: { deliveryId: id, at, ok: false, detail: "not sent: the target was switched off" } }),
    db().alertDelivery.update({ where: { id }, data: { status: "failed", nextAttemptAt: at } }),
  ]);
}

/** A "Send test" from the settings page: sent at once, logged, not retried. */
export async function sendTest(targetId: number, actor: string, deps: OutboxDeps = defaultDeps): Promise<SendResult> {
  const target = await db().alertTarget.findUnique({ where: { id: targetId } });
  if (!target) return { ok: false, detail: "That target no longer exists." };
  const payload: AlertPayload = {
    title: `Test from LXC Dashboard on ${hostname()}`,
    body: `${actor} sent this test to "${target.name}". If you read it, alerts reach you here.`,
    container: null,
    rule: "test",
    level: "warning",
    count: 1,
    at: deps.now().toISOString(),
    host: hostname(),
  };
  const result = await deps.send(target, payload);
  const now = deps.now();
  await db().alertDelivery.create({
    data: {
      targetId,
      payload: JSON.stringify(payload),
      status: result.ok ? "delivered" : "failed",
      attempts: 1,
      nextAttemptAt: now,
      deliveredAt: result.ok ? now : null,
      attemptLog: { create: { at: now, ok: result.ok, detail: `test: ${result.detail}` } },
    },
  });
  return result;
}

/** When the next pending delivery is due, or null when none is pending. */
async function nextDueAt(): Promise<Date | null> {
  const next = await db().alertDelivery.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
  return next?.nextAttemptAt ?? null;
}

/**
 * Works the outbox when it is kicked (a delivery queued), when the next
 * pending one is due (its retry time), and at the latest every
 * `maxWaitMs` (a safety net: an idle dashboard asks the database once a
 * minute, not every few seconds); what was pending at the last stop goes out
 * first. `stop` waits for the attempts under way to be recorded, so a
 * restart does not send them twice.
 */
export function startOutboxWorker(maxWaitMs = 60_000, deps: OutboxDeps = defaultDeps): { kick(): void; stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (waitMs: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(work, Math.min(Math.max(waitMs, 0), maxWaitMs));
    timer.unref();
  };
  const work = (): void => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = (async () => {
      let waitMs = maxWaitMs;
      try {
        do {
          again = false;
          await deliverDue(deps);
        } while (again && !stopped);
        const next = await nextDueAt();
        if (next) waitMs = next.getTime() - deps.now().getTime();
      } catch (err) {
        console.error("alerts: the outbox worker failed", err);
      } finally {
        current = null;
        schedule(waitMs);
      }
    })();
  };
  work();
  return {
    kick: work,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
