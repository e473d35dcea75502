import { execFile } from "node:child_process";
import { promisify } from "node:util";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { useTempDatabase } from "../helpers/temp-database";
import { freePort, startWebhookReceiver } from "./alert-receivers";

/**
 * The outbox against real SQLite and real receivers on loopback: a delivery
 * that failed stays pending across a restart of the dashboard and is
 * delivered once by the next process; a refusing or silent SMTP server and a
 * redirecting webhook leave a log entry that says what they answered.
 */
const db = useTempDatabase();
const closers: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  db.cleanup();
});

async function freshAlert(title: string) {
  const { storeAlert } = await import("@/server/alerts/alert-store");
  return storeAlert({ rule: "unexpected-stop", container: "web", title, body: "body", level: "warning", count: 1 });
}

async function clearTargets() {
  const { db: prisma } = await import("@/server/db");
  await prisma().alertTarget.deleteMany();
}

/** A dashboard process of its own (asynchronously: the receivers live in this process and must keep answering). */
async function runDashboardOutbox(clockOffsetMs: number): Promise<void> {
  await promisify(execFile)("npx", ["tsx", "tests/integration/outbox-run.ts"], {
    env: { ...process.env, CLOCK_OFFSET_MS: String(clockOffsetMs), RUN_MS: "2500" },
    timeout: 60_000,
  });
}

describe("the outbox", () => {
  it("keeps a failed delivery across a restart and delivers it once", async () => {
    await clearTargets();
    const { saveTarget } = await import("@/server/alerts");
    const { deliverDue } = await import("@/server/alerts/outbox");
    const { sendToTarget } = await import("@/server/alerts/targets");
    const { db: prisma } = await import("@/server/db");
    const port = await freePort();
    expect(await saveTarget(null, { kind: "webhook", name: "later", address: `http://127.0.0.1:${port}/hook` })).toMatchObject({ ok: true });
    const alertId = await freshAlert("web stopped outside the dashboard");

    // First attempt: nobody listens.
    expect(await deliverDue({ now: () => new Date(), send: sendToTarget })).toBe(1);
    const pending = await prisma().alertDelivery.findFirstOrThrow({ where: { alertId } });
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 10_000);
    const [failed] = await prisma().deliveryAttempt.findMany({ where: { deliveryId: pending.id } });
    expect(failed).toMatchObject({ ok: false });
    expect(failed!.detail).toMatch(/ECONNREFUSED/);

    // The receiver comes up; the dashboard restarts (a new process) after the retry is due.
    const receiver = await startWebhookReceiver(port);
    closers.push(() => receiver.close());
    await runDashboardOutbox(20_000);
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]!.body).toMatchObject({ title: "web stopped outside the dashboard", container: "web" });
    // And again: nothing is sent twice.
    await runDashboardOutbox(20_000);
    expect(receiver.posts).toHaveLength(1);
    const done = await prisma().alertDelivery.findUniqueOrThrow({ where: { id: pending.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 2 });
    const log = await prisma().deliveryAttempt.findMany({ where: { deliveryId: pending.id }, orderBy: { id: "asc" } });
    expect(log.map((a) => a.ok)).toEqual([false, true]);
    expect(log[1]!.detail).toBe("HTTP 200: ok");
  });

  it("logs what a refusing SMTP server, a silent one and a redirecting webhook answered, and retries", async () => {
    await clearTargets();
    const { saveTarget } = await import("@/server/alerts");
    const { deliverDue } = await import("@/server/alerts/outbox");
    const { sendToTarget } = await import("@/server/alerts/targets");
    const { db: prisma } = await import("@/server/db");

    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), { responseCode: 550 }));
      },
    });
    await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => refusing.close(() => r())));
    const silent = net.createServer(() => {}); // accepts, never greets
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => silent.close(() => r())));
    const redirecting = (await import("node:http")).createServer((_req, res) => res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => redirecting.close(() => r())));

    const smtpTo = (name: string, port: number) =>
      saveTarget(null, { kind: "email", name, address: "ops@example.org", smtp: { host: "127.0.0.1", port, security: "none", user: "", from: "d@example.org" } });
    await smtpTo("refusing", (refusing.server.address() as AddressInfo).port);
    await smtpTo("silent", (silent.address() as AddressInfo).port);
    await saveTarget(null, { kind: "webhook", name: "redirect", address: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/` });

    const alertId = await freshAlert("db exited with status 1");
    await deliverDue({ now: () => new Date(), send: sendToTarget });
    const rows = await prisma().alertDelivery.findMany({ where: { alertId }, include: { target: true, attemptLog: true } });
    const detail = (name: string) => rows.find((r) => r.target.name === name)!.attemptLog[0]!.detail;
    expect(detail("refusing")).toMatch(/550.*user unknown/);
    expect(detail("silent")).toMatch(/ETIMEDOUT|Greeting never received|timeout/i);
    expect(detail("redirect")).toMatch(/^HTTP 302: redirects are not followed/);
    expect(rows.every((r) => r.status === "pending" && r.attempts === 1)).toBe(true);
  });

  it("wakes when a retry is due, though its safety poll is a minute apart", async () => {
    await clearTargets();
    const { saveTarget } = await import("@/server/alerts");
    const { startOutboxWorker } = await import("@/server/alerts/outbox");
    const { sendToTarget } = await import("@/server/alerts/targets");
    const { db: prisma } = await import("@/server/db");
    const receiver = await startWebhookReceiver();
    closers.push(() => receiver.close());
    expect(await saveTarget(null, { kind: "webhook", name: "soon", address: `http://127.0.0.1:${receiver.port}/hook` })).toMatchObject({ ok: true });
    const alertId = await freshAlert("web exited with status 137");
    // Due in 1.5 s: a worker whose safety interval is a minute must still send it on time.
    await prisma().alertDelivery.updateMany({ where: { alertId }, data: { nextAttemptAt: new Date(Date.now() + 1500) } });
    const sent: number[] = [];
    const t0 = Date.now();
    const worker = startOutboxWorker(60_000, {
      now: () => new Date(),
      send: async (target, payload) => {
        sent.push(Date.now() - t0);
        return sendToTarget(target, payload);
      },
    });
    try {
      await new Promise((r) => setTimeout(r, 4000));
      expect(sent).toHaveLength(1);
      expect(sent[0]!).toBeGreaterThanOrEqual(1400);
      expect(receiver.posts).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
