import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDashboard, type TestDashboard } from "../helpers/test-dashboard";
import { useTempDatabase } from "../helpers/temp-database";
import { startNtfyReceiver, startSmtpReceiver, startWebhookReceiver, type Answer, type NtfyReceiver, type SmtpReceiver, type WebhookReceiver } from "./alert-receivers";

/**
 * Target secrets (a webhook's bearer token, an ntfy access token, an SMTP
 * password) stay on the server. Against the production dashboard (a process
 * of its own, on this test's real SQLite) and real receivers on loopback:
 * saved through the page's own server action, each secret is in the
 * database and used on the wire, yet absent from everything that reaches a
 * browser — the action's answers, the /alerts page (its HTML and its RSC
 * payload, which carry the targets' props), the Send test message and the
 * delivery log, even when a receiver echoes the token back, the audit log —
 * where the page shows only that one is set. Saved again with the field
 * left blank, the old secret is kept; a new one replaces it.
 */
const db = useTempDatabase();
const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-secrets-lxc-"));
const secrets = {
  webhook: `whk-${randomBytes(12).toString("hex")}`,
  ntfy: `tk_${randomBytes(12).toString("hex")}`,
  smtp: `pw-${randomBytes(12).toString("hex")}`,
};
const SAVE = "app/alerts/actions.ts#saveAlertTargetAction";
const TEST = "app/alerts/actions.ts#sendAlertTestAction";
let dash: TestDashboard;
let hook: WebhookReceiver;
let ntfy: NtfyReceiver;
let smtp: SmtpReceiver;
const ids = { webhook: 0, ntfy: 0, email: 0 };

/** Like httpbin: the answer repeats the Authorization header it was sent. */
const echo: Answer = (req) => ({ status: 200, body: `you sent Authorization: ${req.headers.authorization ?? "nothing"}` });

const smtpSettings = () => ({ host: "127.0.0.1", port: smtp.port, security: "none", user: "dash", from: "dashboard@example.org" });

function expectNoSecret(what: string, text: string): void {
  for (const [kind, secret] of Object.entries(secrets)) {
    expect(text.includes(secret), `the ${kind} secret in ${what}`).toBe(false);
  }
}

async function targetRows() {
  const { db: prisma } = await import("@/server/db");
  return prisma().alertTarget.findMany({ orderBy: { id: "asc" } });
}

/** The /alerts page as the browser gets it: the HTML of a first visit and the RSC payload of a client-side navigation. */
async function alertsPage(): Promise<{ html: string; rsc: string; text: string }> {
  const html = await dash.page("/alerts");
  expect(html.status).toBe(200);
  expect(html.body.trimEnd()).toMatch(/<\/html>$/); // read whole, not cut at the reader's limit
  // Next asks an RSC request to carry its cache-busting parameter (a redirect to the URL with it).
  const asked = await dash.page("/alerts", { rsc: "1" });
  const rsc = asked.status === 307 ? await dash.page(String(asked.headers.location), { rsc: "1" }) : asked;
  expect(rsc.status).toBe(200);
  expect(rsc.headers["content-type"]).toMatch(/^text\/x-component/);
  const text = html.body.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  return { html: html.body, rsc: rsc.body, text };
}

beforeAll(async () => {
  hook = await startWebhookReceiver(0, echo);
  ntfy = await startNtfyReceiver(echo);
  smtp = await startSmtpReceiver({ login: { username: "dash", password: secrets.smtp } });
  dash = await startTestDashboard({ dataDir: db.dataDir, env: { LXC_LXCPATH: lxcpath, AUTOSTART: "off", NFT_TABLE: `lxcd_sec${process.pid}` } });
});

afterAll(async () => {
  await dash?.stop();
  await hook?.close();
  await ntfy?.close();
  await smtp?.close();
  rmSync(lxcpath, { recursive: true, force: true });
  db.cleanup();
});

describe("a target's secret", () => {
  it("is saved on the server and used on the wire, but the page and the actions' answers only say it is set", async () => {
    const saves = [
      await dash.action(SAVE, [null, { kind: "webhook", name: "hook", address: hook.url, secret: secrets.webhook }], "/alerts"),
      await dash.action(SAVE, [null, { kind: "ntfy", name: "phone", address: ntfy.url, secret: secrets.ntfy }], "/alerts"),
      await dash.action(SAVE, [null, { kind: "email", name: "ops", address: "ops@example.org", secret: secrets.smtp, smtp: smtpSettings() }], "/alerts"),
    ];
    for (const r of saves) expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^Target ".+" saved\.$/) as unknown });
    expectNoSecret("the save actions' answers", JSON.stringify(saves));

    const rows = await targetRows();
    expect(rows.map((r) => [r.kind, r.secret])).toEqual([
      ["webhook", secrets.webhook],
      ["ntfy", secrets.ntfy],
      ["email", secrets.smtp],
    ]);
    Object.assign(ids, { webhook: rows[0]!.id, ntfy: rows[1]!.id, email: rows[2]!.id });

    const page = await alertsPage();
    expectNoSecret("the /alerts HTML", page.html);
    expectNoSecret("the /alerts RSC payload", page.rsc);
    expect(page.text.match(/secret set/g)).toHaveLength(3);
    // The targets' props as the client components get them: the flag, and no field holding the secret.
    expect(page.rsc.match(/"secretSet":true/g)).toHaveLength(3);
    expect(page.rsc).not.toMatch(/"secret":/);

    const tests = [await dash.action(TEST, [ids.webhook], "/alerts"), await dash.action(TEST, [ids.ntfy], "/alerts"), await dash.action(TEST, [ids.email], "/alerts")];
    for (const r of tests) expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^Test sent: /) as unknown });
    // The receivers echoed the token; the answer shown is without it.
    expect(tests[0]!.message).toBe("Test sent: HTTP 200: you sent Authorization: Bearer [secret]");
    expectNoSecret("the Send test answers", JSON.stringify(tests));
    expect(hook.posts.map((p) => p.headers.authorization)).toEqual([`Bearer ${secrets.webhook}`]);
    expect(ntfy.messages.map((m) => m.headers.authorization)).toEqual([`Bearer ${secrets.ntfy}`]);
    expect(smtp.logins).toEqual([{ username: "dash", password: secrets.smtp, accepted: true }]);
    expect(smtp.mails).toHaveLength(1);

    const after = await alertsPage();
    expectNoSecret("the /alerts page with its delivery log", after.html + after.rsc);
    expect(after.text).toContain("test: HTTP 200: you sent Authorization: Bearer [secret]");

    const { db: prisma } = await import("@/server/db");
    const audit = await prisma().auditEntry.findMany({ where: { action: { startsWith: "alert" } } });
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expectNoSecret("the audit log", JSON.stringify(audit));
    expectNoSecret("the delivery log", JSON.stringify(await prisma().deliveryAttempt.findMany()));
    const auditPage = await dash.page("/audit");
    expect(auditPage.status).toBe(200);
    expectNoSecret("the /audit page", auditPage.body);
  });

  it("is kept when the target is saved again with the field blank, and replaced by a new one", async () => {
    const saves = [
      await dash.action(SAVE, [ids.webhook, { kind: "webhook", name: "hook (renamed)", address: hook.url, secret: "" }], "/alerts"),
      await dash.action(SAVE, [ids.ntfy, { kind: "ntfy", name: "phone (renamed)", address: ntfy.url }], "/alerts"),
      await dash.action(SAVE, [ids.email, { kind: "email", name: "ops (renamed)", address: "ops@example.org", secret: "   ", smtp: smtpSettings() }], "/alerts"),
    ];
    for (const r of saves) expect(r).toMatchObject({ ok: true });
    expect((await targetRows()).map((r) => [r.name, r.secret])).toEqual([
      ["hook (renamed)", secrets.webhook],
      ["phone (renamed)", secrets.ntfy],
      ["ops (renamed)", secrets.smtp],
    ]);
    expect((await alertsPage()).text.match(/secret set/g)).toHaveLength(3);

    // Still the stored secrets on the wire.
    for (const id of Object.values(ids)) expect(await dash.action(TEST, [id], "/alerts")).toMatchObject({ ok: true });
    expect(hook.posts.map((p) => p.headers.authorization)).toEqual([`Bearer ${secrets.webhook}`, `Bearer ${secrets.webhook}`]);
    expect(ntfy.messages.map((m) => m.headers.authorization)).toEqual([`Bearer ${secrets.ntfy}`, `Bearer ${secrets.ntfy}`]);
    expect(smtp.logins.map((l) => l.accepted)).toEqual([true, true]);

    // A new token replaces the old; "clear" removes it.
    const fresh = `whk-${randomBytes(12).toString("hex")}`;
    expect(await dash.action(SAVE, [ids.webhook, { kind: "webhook", name: "hook", address: hook.url, secret: fresh }], "/alerts")).toMatchObject({ ok: true });
    expect(await dash.action(TEST, [ids.webhook], "/alerts")).toMatchObject({ ok: true, message: "Test sent: HTTP 200: you sent Authorization: Bearer [secret]" });
    expect(hook.posts.at(-1)!.headers.authorization).toBe(`Bearer ${fresh}`);
    expect(await dash.action(SAVE, [ids.ntfy, { kind: "ntfy", name: "phone", address: ntfy.url, clearSecret: true }], "/alerts")).toMatchObject({ ok: true });
    expect((await targetRows()).map((r) => r.secret)).toEqual([fresh, null, secrets.smtp]);
    const page = await alertsPage();
    expect(page.text.match(/secret set/g)).toHaveLength(2);
    expect(page.text.match(/secret not set/g)).toHaveLength(1);
    expect(page.html.includes(fresh) || page.rsc.includes(fresh)).toBe(false);
  });
});
