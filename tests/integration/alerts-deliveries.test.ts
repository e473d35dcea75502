import { hostname } from "node:os";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { freePort, startNtfyReceiver, startSmtpReceiver, startWebhookReceiver } from "./alert-receivers";

/**
 * Each kind of target against a real receiver on loopback and real SQLite:
 * an alert goes out as JSON to a webhook, as an ntfy publish (text body,
 * title, priority and tags as headers) and as a mail whose subject names the
 * container; "Send test" (sendTest, behind sendAlertTestAction) reaches each
 * kind and, when the other side refuses, says what it answered; a disabled
 * target gets nothing, not even a retry queued before it was switched off.
 * (Redirects, timeouts and restarts: alerts-outbox.test.ts.)
 */
const db = useTempDatabase();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  db.cleanup();
});

async function modules() {
  const alerts = await import("@/server/alerts");
  const outbox = await import("@/server/alerts/outbox");
  const { sendToTarget } = await import("@/server/alerts/targets");
  const { db: prisma } = await import("@/server/db");
  return { ...alerts, ...outbox, sendToTarget, prisma: prisma() };
}

async function saved(r: Promise<{ ok: true; target: { id: number } } | { ok: false; error: string }>): Promise<number> {
  const result = await r;
  if (!result.ok) throw new Error(`the target was refused: ${result.error}`);
  return result.target.id;
}

const smtpSettings = (port: number) => ({ host: "127.0.0.1", port, security: "none", user: "", from: "dashboard@example.org" });

const stopAlert = {
  rule: "unexpected-stop" as const,
  container: "web-1",
  title: "web-1 exited with status 137",
  body: "Container web-1 exited with status 137 (it was RUNNING). Nobody stopped it from the dashboard.",
  level: "error" as const,
  count: 1,
};

beforeEach(async () => {
  const { prisma } = await modules();
  await prisma.alertTarget.deleteMany();
  await prisma.alert.deleteMany();
});

describe("an alert", () => {
  it("reaches a webhook as JSON, an ntfy topic as a publish, and an inbox with the container in the subject", async () => {
    const { saveTarget, deliverDue, sendToTarget, prisma } = await modules();
    const { storeAlert } = await import("@/server/alerts/alert-store");
    const hook = await startWebhookReceiver();
    const ntfy = await startNtfyReceiver();
    const smtp = await startSmtpReceiver();
    closers.push(hook.close, ntfy.close, smtp.close);
    await saved(saveTarget(null, { kind: "webhook", name: "hook", address: hook.url, secret: "hook-token-1" }));
    await saved(saveTarget(null, { kind: "ntfy", name: "phone", address: ntfy.url, secret: "tk_ntfy_1" }));
    await saved(saveTarget(null, { kind: "email", name: "ops", address: "ops@example.org", smtp: smtpSettings(smtp.port) }));

    const alertId = await storeAlert(stopAlert);
    expect(await prisma.alertDelivery.count({ where: { alertId } })).toBe(3);
    expect(await deliverDue({ now: () => new Date(), send: sendToTarget })).toBe(3);

    expect(hook.posts).toHaveLength(1);
    expect(hook.posts[0]!.body).toEqual({
      title: "web-1 exited with status 137",
      body: stopAlert.body,
      container: "web-1",
      rule: "unexpected-stop",
      level: "error",
      count: 1,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      host: hostname(),
    });
    expect(hook.posts[0]!.headers["content-type"]).toBe("application/json");
    expect(hook.posts[0]!.headers.authorization).toBe("Bearer hook-token-1");

    expect(ntfy.messages).toHaveLength(1);
    const msg = ntfy.messages[0]!;
    expect(msg).toMatchObject({ method: "POST", path: "/containers", text: stopAlert.body });
    expect(msg.headers).toMatchObject({ title: "web-1 exited with status 137", priority: "4", tags: "rotating_light", authorization: "Bearer tk_ntfy_1" });

    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["ops@example.org"]);
    expect(smtp.mails[0]!.subject).toBe("[LXC Dashboard] web-1 exited with status 137");
    expect(smtp.mails[0]!.text).toContain(stopAlert.body);

    const rows = await prisma.alertDelivery.findMany({ where: { alertId }, include: { target: true, attemptLog: true } });
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    const detail = (name: string) => rows.find((r) => r.target.name === name)!.attemptLog.map((a) => a.detail);
    expect(detail("hook")).toEqual(["HTTP 200: ok"]);
    expect(detail("phone")).toEqual([expect.stringMatching(/^HTTP 200: \{"id":"x1y2z3"/)]);
    expect(detail("ops")).toEqual([expect.stringMatching(/^SMTP 250 /)]);
  });

  it("goes out as a warning to ntfy with the lower priority, and a title outside Latin-1 is made safe for the header", async () => {
    const { saveTarget, deliverDue, sendToTarget } = await modules();
    const { storeAlert } = await import("@/server/alerts/alert-store");
    const ntfy = await startNtfyReceiver();
    closers.push(ntfy.close);
    await saved(saveTarget(null, { kind: "ntfy", name: "phone", address: ntfy.url }));
    await storeAlert({ ...stopAlert, title: "web-1 stopped outside the dashboard → check it", level: "warning" });
    await deliverDue({ now: () => new Date(), send: sendToTarget });
    expect(ntfy.messages).toHaveLength(1);
    expect(ntfy.messages[0]!.headers).toMatchObject({ title: "web-1 stopped outside the dashboard ? check it", priority: "3", tags: "warning" });
    expect(ntfy.messages[0]!.headers.authorization).toBeUndefined();
  });
});

describe("Send test", () => {
  it("reaches each kind of target and says what it answered", async () => {
    const { saveTarget, sendTest, deliveryLog } = await modules();
    const hook = await startWebhookReceiver();
    const ntfy = await startNtfyReceiver();
    const smtp = await startSmtpReceiver();
    closers.push(hook.close, ntfy.close, smtp.close);
    const hookId = await saved(saveTarget(null, { kind: "webhook", name: "hook", address: hook.url }));
    const ntfyId = await saved(saveTarget(null, { kind: "ntfy", name: "phone", address: ntfy.url }));
    const mailId = await saved(saveTarget(null, { kind: "email", name: "ops", address: "ops@example.org", smtp: smtpSettings(smtp.port) }));

    expect(await sendTest(hookId, "alice")).toEqual({ ok: true, detail: "HTTP 200: ok" });
    expect(hook.posts[0]!.body).toMatchObject({ rule: "test", container: null, title: `Test from LXC Dashboard on ${hostname()}` });
    expect((hook.posts[0]!.body as { body: string }).body).toContain('alice sent this test to "hook"');

    expect(await sendTest(ntfyId, "alice")).toMatchObject({ ok: true, detail: expect.stringMatching(/^HTTP 200: /) as unknown });
    expect(ntfy.messages[0]).toMatchObject({ method: "POST", path: "/containers", text: 'alice sent this test to "phone". If you read it, alerts reach you here.' });
    expect(ntfy.messages[0]!.headers.title).toBe(`Test from LXC Dashboard on ${hostname()}`);

    expect(await sendTest(mailId, "alice")).toMatchObject({ ok: true, detail: expect.stringMatching(/^SMTP 250 /) as unknown });
    expect(smtp.mails[0]!.subject).toBe(`[LXC Dashboard] Test from LXC Dashboard on ${hostname()}`);

    const log = await deliveryLog();
    expect(log.map((e) => [e.target, e.alert, e.ok, e.status])).toEqual([
      ["ops", "test", true, "delivered"],
      ["phone", "test", true, "delivered"],
      ["hook", "test", true, "delivered"],
    ]);
    expect(log[2]!.detail).toBe("test: HTTP 200: ok");
  });

  it("fails with the receiver's own answer: a webhook's 500, ntfy's 403, an SMTP server's 550, nobody listening", async () => {
    const { saveTarget, sendTest, deliveryLog, prisma } = await modules();
    const hook = await startWebhookReceiver(0, () => ({ status: 500, body: "database is down" }));
    const ntfy = await startNtfyReceiver(() => ({ status: 403, contentType: "application/json", body: '{"code":40301,"http":403,"error":"forbidden"}' }));
    const smtp = await startSmtpReceiver({ refuseRecipients: { code: 550, text: "5.1.1 user unknown" } });
    closers.push(hook.close, ntfy.close, smtp.close);
    const hookId = await saved(saveTarget(null, { kind: "webhook", name: "hook", address: hook.url }));
    const ntfyId = await saved(saveTarget(null, { kind: "ntfy", name: "phone", address: ntfy.url }));
    const mailId = await saved(saveTarget(null, { kind: "email", name: "ops", address: "nobody@example.org", smtp: smtpSettings(smtp.port) }));
    const goneId = await saved(saveTarget(null, { kind: "webhook", name: "gone", address: `http://127.0.0.1:${await freePort()}/hook` }));

    expect(await sendTest(hookId, "alice")).toEqual({ ok: false, detail: "HTTP 500: database is down" });
    expect(hook.posts).toHaveLength(1);
    expect(await sendTest(ntfyId, "alice")).toEqual({ ok: false, detail: 'HTTP 403: {"code":40301,"http":403,"error":"forbidden"}' });
    const mail = await sendTest(mailId, "alice");
    expect(mail.ok).toBe(false);
    expect(mail.detail).toMatch(/550 5\.1\.1 user unknown <nobody@example\.org>/);
    expect(smtp.mails).toHaveLength(0);
    const gone = await sendTest(goneId, "alice");
    expect(gone).toMatchObject({ ok: false, detail: expect.stringMatching(/^ECONNREFUSED/) as unknown });

    // Logged as failed tests, and never retried.
    const log = await deliveryLog();
    expect(log.map((e) => [e.target, e.ok, e.status])).toEqual([
      ["gone", false, "failed"],
      ["ops", false, "failed"],
      ["phone", false, "failed"],
      ["hook", false, "failed"],
    ]);
    expect(log[3]!.detail).toBe("test: HTTP 500: database is down");
    expect(await prisma.alertDelivery.count({ where: { status: "pending" } })).toBe(0);
  });

  it("of a target deleted meanwhile says so", async () => {
    const { sendTest } = await modules();
    expect(await sendTest(987654, "alice")).toEqual({ ok: false, detail: "That target no longer exists." });
  });
});

describe("a disabled target", () => {
  it("gets nothing while another enabled one gets the alert", async () => {
    const { saveTarget, setTargetEnabled, deliverDue, sendToTarget, prisma } = await modules();
    const { storeAlert } = await import("@/server/alerts/alert-store");
    const on = await startWebhookReceiver();
    const off = await startWebhookReceiver();
    const smtpOff = await startSmtpReceiver();
    closers.push(on.close, off.close, smtpOff.close);
    await saved(saveTarget(null, { kind: "webhook", name: "on", address: on.url }));
    const offId = await saved(saveTarget(null, { kind: "webhook", name: "off", address: off.url }));
    const mailOffId = await saved(saveTarget(null, { kind: "email", name: "mail off", address: "ops@example.org", smtp: smtpSettings(smtpOff.port) }));
    expect(await setTargetEnabled(offId, false)).toBe(true);
    expect(await setTargetEnabled(mailOffId, false)).toBe(true);

    const alertId = await storeAlert(stopAlert);
    await deliverDue({ now: () => new Date(), send: sendToTarget });
    expect(on.posts).toHaveLength(1);
    expect(off.posts).toHaveLength(0);
    expect(smtpOff.mails).toHaveLength(0);
    expect((await prisma.alertDelivery.findMany({ where: { alertId }, include: { target: true } })).map((d) => d.target.name)).toEqual(["on"]);
  });

  it("is not sent a retry that was queued before it was switched off", async () => {
    const { saveTarget, setTargetEnabled, deliverDue, sendToTarget, prisma } = await modules();
    const { storeAlert } = await import("@/server/alerts/alert-store");
    const port = await freePort();
    const id = await saved(saveTarget(null, { kind: "webhook", name: "later", address: `http://127.0.0.1:${port}/hook` }));
    const alertId = await storeAlert(stopAlert);
    // Nobody listens: the delivery waits for its retry.
    await deliverDue({ now: () => new Date(), send: sendToTarget });
    expect(await prisma.alertDelivery.findFirstOrThrow({ where: { alertId } })).toMatchObject({ status: "pending", attempts: 1 });

    // Switched off; then the receiver comes up and the retry falls due.
    expect(await setTargetEnabled(id, false)).toBe(true);
    const receiver = await startWebhookReceiver(port);
    closers.push(receiver.close);
    const later = () => new Date(Date.now() + 60 * 60_000);
    await deliverDue({ now: later, send: sendToTarget });
    await deliverDue({ now: later, send: sendToTarget });
    expect(receiver.posts).toHaveLength(0);

    // Settled, so the outbox worker has nothing due to wake for; the log says why.
    const row = await prisma.alertDelivery.findFirstOrThrow({ where: { alertId }, include: { attemptLog: { orderBy: { id: "asc" } } } });
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.attemptLog.map((a) => [a.ok, a.detail])).toEqual([
      [false, expect.stringMatching(/^ECONNREFUSED/)],
      [false, "not sent: the target was switched off"],
    ]);
    expect(await prisma.alertDelivery.count({ where: { status: "pending" } })).toBe(0);
  });
});
