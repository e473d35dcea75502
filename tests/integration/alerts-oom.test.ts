import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "./alert-receivers";
import { privateLxcpath, within } from "./live-helpers";

/**
 * An OOM kill inside a real container with a 32 MiB memory limit produces one
 * alert, delivered to a webhook receiver and a real SMTP server on loopback;
 * the mail's subject names the container.
 */
const db = useTempDatabase();
const lxcpath = privateLxcpath("lxcd-oom-");
process.env.LXC_LXCPATH = lxcpath.path;
const name = `t-oom-${randomBytes(3).toString("hex")}`;
let webhook: WebhookReceiver;
let smtp: SmtpReceiver;
let stopAlerts: () => void = () => {};

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  const { saveTarget } = await import("@/server/alerts");
  expect(await saveTarget(null, { kind: "webhook", name: "hook", address: webhook.url })).toMatchObject({ ok: true });
  expect(
    await saveTarget(null, {
      kind: "email",
      name: "mail",
      address: "ops@example.org",
      smtp: { host: "127.0.0.1", port: smtp.port, security: "none", user: "", from: "dashboard@example.org" },
    }),
  ).toMatchObject({ ok: true });
  lxcpath.create(name);
  appendFileSync(path.join(lxcpath.path, name, "config"), "lxc.cgroup.memory.limit_in_bytes = 32M\n");
  lxcpath.lxc("lxc-start", "-n", name, "-d");
  const { startAlerts } = await import("@/server/alerts");
  const { liveStoreReady } = await import("@/server/live");
  stopAlerts = (await startAlerts({ oomMs: 300, autostartAfterMs: 3_600_000, diskMs: 3_600_000 })).stop;
  const store = await liveStoreReady();
  await within(5000, "the container running in the store", () => store.get(name)?.pid != null);
  // Let the OOM watcher take its baseline.
  await new Promise((r) => setTimeout(r, 800));
});

afterAll(async () => {
  stopAlerts();
  const { liveStore } = await import("@/server/live");
  liveStore().stop();
  lxcpath.remove();
  await webhook?.close();
  await smtp?.close();
  db.cleanup();
});

describe("an OOM kill", () => {
  it("is one alert, delivered to the webhook and by e-mail with the container in the subject", async () => {
    // tail keeps a whole "line" of zeros in memory: far past 32 MiB.
    let exit = 0;
    try {
      lxcpath.lxc("lxc-attach", "-n", name, "--", "sh", "-c", "head -c 209715200 /dev/zero | tail > /dev/null");
    } catch (err) {
      exit = (err as { status?: number }).status ?? -1;
    }
    expect(exit).toBe(137);
    await within(15_000, "a webhook POST", () => webhook.posts.length > 0);
    await within(15_000, "a mail", () => smtp.mails.length > 0);
    // Nothing more arrives for the same kill.
    await new Promise((r) => setTimeout(r, 2000));
    expect(webhook.posts).toHaveLength(1);
    expect(webhook.posts[0]!.body).toMatchObject({ rule: "oom-kill", container: name, title: `${name}: out-of-memory kill`, count: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["ops@example.org"]);
    expect(smtp.mails[0]!.subject).toContain(name);
    expect(smtp.mails[0]!.subject).toContain("out-of-memory kill");

    const { db: prisma } = await import("@/server/db");
    expect(await prisma().alert.count({ where: { rule: "oom-kill", container: name } })).toBe(1);
    const attempts = await prisma().deliveryAttempt.findMany();
    expect(attempts.map((a) => a.ok)).toEqual([true, true]);
    expect(attempts.map((a) => a.detail).join(" | ")).toMatch(/HTTP 200.*\|.*SMTP 250|SMTP 250.*\|.*HTTP 200/);
  });
});
