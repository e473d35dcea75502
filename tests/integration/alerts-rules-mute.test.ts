import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePrivateLxcpath } from "../helpers/private-lxcpath";
import { useTempDatabase } from "../helpers/temp-database";
import { startWebhookReceiver, type WebhookReceiver } from "./alert-receivers";
import { within } from "./live-helpers";

/**
 * The rules' switches and the per-container mutes, on the path the watchers
 * use: real busybox containers in a private lxcpath, stopped from outside
 * the dashboard with lxc-stop, seen by the live state store, judged by the
 * unexpected-stop rule (startAlerts → raiseAlert), stored in real SQLite and
 * delivered to a webhook receiver on loopback. A rule switched off yields
 * nothing; a muted container yields nothing while another still alerts; and
 * switched back on or un-muted, alerts come again.
 */
const db = useTempDatabase();
const lxc = makePrivateLxcpath("lxcd-alert-mute", { network: false });
process.env.LXC_LXCPATH = lxc.lxcpath;
const names = { a: "", b: "", c: "" };
let webhook: WebhookReceiver;
let stopAlerts: () => Promise<void> = async () => {};

async function store() {
  const { liveStoreReady } = await import("@/server/live");
  return liveStoreReady();
}

/** Starts a container from a shell and waits until the dashboard's store has it running (else its stop is no change). */
async function startOutside(name: string): Promise<void> {
  lxc.start(name);
  const s = await store();
  await within(15_000, `${name} running in the store`, () => s.get(name)?.state === "RUNNING");
}

/** Stops a container the way a user at a shell would (not through the dashboard), and waits until the store has seen it. */
async function stopOutside(name: string): Promise<void> {
  lxc.stop(name);
  const s = await store();
  await within(15_000, `${name} stopped in the store`, () => s.get(name)?.state === "STOPPED");
}

async function stopAlertsFor(name: string) {
  const { db: prisma } = await import("@/server/db");
  return prisma().alert.findMany({ where: { rule: "unexpected-stop", container: name } });
}

const postsFor = (name: string) => webhook.posts.filter((p) => (p.body as { container?: string }).container === name);

/** Alerts are raised asynchronously (the rule and mutes are read from the database): a moment for one that should not come. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  const { saveTarget, startAlerts } = await import("@/server/alerts");
  expect(await saveTarget(null, { kind: "webhook", name: "hook", address: webhook.url })).toMatchObject({ ok: true });
  Object.assign(names, { a: lxc.create("mute-a"), b: lxc.create("mute-b"), c: lxc.create("mute-c") });
  for (const name of Object.values(names)) lxc.start(name);
  const s = await store();
  await within(15_000, "the three containers running in the store", () => Object.values(names).every((n) => s.get(n)?.state === "RUNNING"));
  stopAlerts = (await startAlerts({ oomMs: 3_600_000, autostartAfterMs: 3_600_000, diskMs: 3_600_000 })).stop;
});

afterAll(async () => {
  await stopAlerts();
  const { liveStore } = await import("@/server/live");
  liveStore().stop();
  lxc.remove();
  await webhook?.close();
  db.cleanup();
});

describe("the unexpected-stop rule", () => {
  it("switched off yields no alert for a stop; switched on again, the next stop alerts", async () => {
    const { setRule, listRules } = await import("@/server/alerts");
    expect(await setRule("unexpected-stop", false, null)).toEqual({ ok: true });
    expect((await listRules()).find((r) => r.id === "unexpected-stop")).toMatchObject({ enabled: false });
    await stopOutside(names.a);
    await settle();
    expect(await stopAlertsFor(names.a)).toEqual([]);

    expect(await setRule("unexpected-stop", true, null)).toEqual({ ok: true });
    await stopOutside(names.b);
    await within(15_000, `a webhook POST for ${names.b}`, () => postsFor(names.b).length > 0);
    expect(postsFor(names.b)[0]!.body).toMatchObject({ rule: "unexpected-stop", container: names.b });
    expect(await stopAlertsFor(names.b)).toHaveLength(1);
    // The stop made while the rule was off is not sent late either.
    expect(await stopAlertsFor(names.a)).toEqual([]);
    expect(postsFor(names.a)).toEqual([]);
  });
});

describe("a muted container", () => {
  it("yields no alert while another container still does; un-muted, its alerts come again", async () => {
    const { setMuted, mutedContainers } = await import("@/server/alerts");
    await setMuted(names.c, true, "alice");
    expect(await mutedContainers()).toEqual([names.c]);
    await startOutside(names.a);

    await stopOutside(names.c);
    await settle();
    await stopOutside(names.a);
    await within(15_000, `a webhook POST for ${names.a}`, () => postsFor(names.a).length > 0);
    await settle();
    expect(await stopAlertsFor(names.a)).toHaveLength(1);
    expect(await stopAlertsFor(names.c)).toEqual([]);
    expect(postsFor(names.c)).toEqual([]);

    await setMuted(names.c, false, "alice");
    expect(await mutedContainers()).toEqual([]);
    await startOutside(names.c);
    await stopOutside(names.c);
    await within(15_000, `a webhook POST for ${names.c}`, () => postsFor(names.c).length > 0);
    expect(postsFor(names.c)[0]!.body).toMatchObject({ rule: "unexpected-stop", container: names.c, title: expect.stringContaining(names.c) as unknown });
    expect(await stopAlertsFor(names.c)).toHaveLength(1);
  });
});
