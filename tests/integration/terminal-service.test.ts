import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { decodeServerFrame, encodeInputFrames, terminalSocketPath } from "@/lib/terminal-protocol";
import { useTempDatabase } from "../helpers/temp-database";
import { testContainerConf } from "../helpers/test-container-conf";
import { attachProcessesFor } from "./terminal-processes";

// The terminal as the dashboard wires it (server/terminal-service.ts): the
// real upgrade check against real sessions in real SQLite, tickets minted as
// the page's action mints them, a real container, audit rows in the database.
// What the tab is told when refused: a close code of its own and a sentence.
// A shell lives no longer than the sign-in of its tab: signing out, a
// password change, a disabled or removed user end it at once; an idle or
// expired sign-in at the next periodic look.

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { authorize } = await import("@/server/auth/access-check");
const { createUser } = await import("@/server/auth/accounts");
const { login, logout } = await import("@/server/auth/sessions");
const accounts = await import("@/server/auth/accounts");
const { loadConfig } = await import("@/server/config/load-config");
const { mintTerminalTicket } = await import("@/server/auth/terminal-tickets");
const { startTerminalService, terminalService } = await import("@/server/terminal");

const LXCPATH = "/var/lib/lxc";
const NAME = `t-termsvc-${randomBytes(3).toString("hex")}`;
const PASSWORD = "a long enough password";
const WAIT_MS = 20_000;
/** Short, so an expired sign-in's tab closes within a second; long next to a hook's few milliseconds. */
const SIGN_IN_CHECK_MS = 1_000;
const SIGN_IN_ENDED = "Your sign-in ended; sign in again to reconnect.";
const cookies = { admin: "", viewer: "" };
let http: Server;
let origin: string;

function lxc(tool: string, ...args: string[]): void {
  execFileSync(tool, ["-P", LXCPATH, ...args], { stdio: "ignore", timeout: 60_000 });
}

type Closing = { code: number; reason: string } | null;

interface Tab {
  ws: WebSocket;
  output: () => string;
  sessionId: () => string | null;
  closed: Promise<{ code: number; closing: Closing }>;
}

function openTab(ticket: string, cookie: string): Tab {
  const ws = new WebSocket(`${origin.replace("http", "ws")}${terminalSocketPath({ container: NAME, ticket })}`, {
    headers: { origin, cookie },
  });
  let output = "";
  let sessionId: string | null = null;
  let closing: Closing = null;
  ws.on("message", (data: Buffer) => {
    const frame = decodeServerFrame(data);
    if (frame.type === "output") output += Buffer.from(frame.data).toString();
    if (frame.type === "session") sessionId = frame.info.sessionId;
    if (frame.type === "closing") closing = { code: frame.code, reason: frame.reason };
  });
  ws.on("error", () => {});
  const closed = new Promise<{ code: number; closing: Closing }>((resolve) => ws.on("close", (code) => resolve({ code, closing })));
  return { ws, output: () => output, sessionId: () => sessionId, closed };
}

async function waitUntil<T>(check: () => T | Promise<T>, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A ticket minted as the page's action mints it, for the admin signed in with `cookie`. */
async function ticketFor(cookie: string): Promise<string> {
  const request = { method: "POST", isAction: true, host: new URL(origin).host, origin, cookieHeader: cookie, address: "127.0.0.1" };
  const result = await authorize(request, "admin", "open terminal", { container: NAME });
  if (!result.ok) throw new Error(result.reason);
  return mintTerminalTicket(result.actor, NAME).ticket;
}

const adminTicket = () => ticketFor(cookies.admin);

/** A fresh sign-in of `name` (its own session row and cookie). */
async function signIn(name: string, password = PASSWORD) {
  const session = await login(name, password, { address: "127.0.0.1" });
  if (!session.ok) throw new Error(`login ${name} failed: ${session.message}`);
  return { ...session, cookie: `lxcd_session=${session.token}` };
}

async function newAdmin(): Promise<{ id: number; name: string }> {
  const created = await accounts.createUser({ name: `adm-${randomBytes(3).toString("hex")}`, password: PASSWORD, role: "admin" });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** A tab at its prompt, with the host pids of its own lxc-attach. */
async function openShell(cookie: string): Promise<Tab & { id: string; pids: number[] }> {
  const before = attachProcessesFor(NAME);
  const tab = openTab(await ticketFor(cookie), cookie);
  await waitUntil(() => /# /.test(tab.output()), "the prompt");
  const pids = attachProcessesFor(NAME).filter((pid) => !before.includes(pid));
  expect(pids.length).toBeGreaterThan(0);
  const id = tab.sessionId()!;
  // Audit rows are written in the background: wait for this one, so later rows are the test's own.
  await waitUntil(() => db().auditEntry.findFirst({ where: { action: "terminal open", detail: { contains: id } } }), "the open row");
  return { ...tab, id, pids };
}

const openIds = () => terminalService()!.listSessions(NAME).map((s) => s.id);

/** The tab closed for its ended sign-in, its shell is gone, and the close is in the audit log. */
async function expectEndedForSignIn(tab: Tab & { id: string; pids: number[] }, actor: string): Promise<void> {
  expect(await tab.closed).toEqual({ code: 4401, closing: { code: 4401, reason: SIGN_IN_ENDED } });
  const row = await waitUntil(
    () => db().auditEntry.findFirst({ where: { action: "terminal close", detail: { contains: tab.id } } }),
    "the close row",
  );
  expect(row).toMatchObject({ actor, container: NAME, outcome: "ok", detail: expect.stringMatching(`^4401 ${SIGN_IN_ENDED} Session ${tab.id}`) });
  // The close row is written once the pty has exited.
  expect(attachProcessesFor(NAME).filter((pid) => tab.pids.includes(pid))).toEqual([]);
  expect(openIds()).not.toContain(tab.id);
}

beforeAll(async () => {
  for (const [name, role] of [["ada", "admin"], ["vic", "viewer"]] as const) {
    const created = await createUser({ name, password: PASSWORD, role });
    if (!created.ok) throw new Error(created.error);
    const session = await login(name, PASSWORD, { address: "127.0.0.1" });
    if (!session.ok) throw new Error(`login ${name} failed`);
    cookies[role] = `lxcd_session=${session.token}`;
  }
  const conf = path.join(temp.dataDir, "unprivileged.conf");
  writeFileSync(conf, testContainerConf({ network: false }));
  lxc("lxc-create", "-n", NAME, "-t", "busybox", "-f", conf);
  lxc("lxc-start", "-n", NAME, "-d");
  lxc("lxc-wait", "-n", NAME, "-s", "RUNNING", "-t", "30");

  const terminals = startTerminalService({ lxcpath: LXCPATH, idleMinutes: 30, signInCheckMs: SIGN_IN_CHECK_MS });
  http = createServer((_req, res) => res.end());
  http.on("upgrade", (req, socket, head) => {
    if (!terminals.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await terminalService()?.shutdown();
  await new Promise((resolve) => http?.close(resolve));
  try {
    lxc("lxc-stop", "-k", "-n", NAME);
  } catch {
    // Not running.
  }
  try {
    lxc("lxc-destroy", "-n", NAME);
  } catch {
    // Never created.
  }
  await db().$disconnect();
  temp.cleanup();
});

describe("the dashboard's terminal service", () => {
  it("opens a shell for an admin's ticket, lists it, ends it, and audits both", async () => {
    const tab = openTab(await adminTicket(), cookies.admin);
    await waitUntil(() => /# /.test(tab.output()), "the prompt");
    for (const frame of encodeInputFrames("echo svc-$((6*7))\r")) tab.ws.send(frame);
    await waitUntil(() => tab.output().includes("svc-42"), "the command's output");

    const id = tab.sessionId()!;
    expect(terminalService()!.listSessions(NAME)).toEqual([
      expect.objectContaining({ id, container: NAME, user: expect.objectContaining({ name: "ada" }), attached: true }),
    ]);
    expect(terminalService()!.endSession(id, "ada")).toBe(true);
    expect(await tab.closed).toMatchObject({ code: 4409, closing: { code: 4409, reason: "ada ended this session." } });

    const rows = await waitUntil(async () => {
      const found = await db().auditEntry.findMany({ where: { container: NAME, outcome: "ok" }, orderBy: { id: "asc" } });
      return found.length === 2 ? found : null;
    }, "the open and close rows");
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ["ada", "terminal open"],
      ["ada", "terminal close"],
    ]);
    expect(rows[0]!.command).toMatch(new RegExp(`^lxc-attach -P ${LXCPATH} -n ${NAME} --clear-env`));
    expect(rows[1]!.detail).toContain(`4409 ada ended this session. Session ${id}`);
  });

  it("refuses a used ticket with its own code (not the idle timeout's) and says so in a sentence", async () => {
    const ticket = await adminTicket();
    const first = openTab(ticket, cookies.admin);
    await waitUntil(() => first.sessionId(), "the first attach");
    first.ws.close();
    const again = openTab(ticket, cookies.admin);
    expect(await again.closed).toEqual({
      code: 4419,
      closing: { code: 4419, reason: "The terminal's one-time ticket was unknown or already used; reload the page to try again." },
    });
  });

  it("refuses a viewer and a signed-out browser with sentences, not reason keys", async () => {
    const viewer = openTab(await adminTicket(), cookies.viewer);
    expect(await viewer.closed).toEqual({ code: 4403, closing: { code: 4403, reason: "Only an admin may open a terminal." } });
    const nobody = openTab(await adminTicket(), "");
    expect(await nobody.closed).toEqual({ code: 4401, closing: { code: 4401, reason: "Sign in first." } });
  });
});

describe("a terminal lives no longer than its sign-in", () => {
  it("signing out closes that sign-in's tabs at once with 4401, ends their shells and audits both; other sign-ins' tabs stay", async () => {
    const session = await signIn("ada");
    const tab = await openShell(session.cookie);
    const other = await openShell(cookies.admin);
    const since = (await db().auditEntry.findFirst({ orderBy: { id: "desc" } }))!.id;

    await logout(session.token, { address: "127.0.0.1" });
    // At once: by the hook on sign-out, not SIGN_IN_CHECK_MS later.
    expect(openIds()).not.toContain(tab.id);
    expect(openIds()).toContain(other.id);
    await expectEndedForSignIn(tab, "ada");
    const rows = await db().auditEntry.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.actor, r.action, r.outcome])).toEqual([
      ["ada", "sign out", "ok"],
      ["ada", "terminal close", "ok"],
    ]);

    for (const frame of encodeInputFrames("echo other-$((5*5))\r")) other.ws.send(frame);
    await waitUntil(() => other.output().includes("other-25"), "the other tab's output");
    terminalService()!.endSession(other.id, "ada");
    await other.closed;
  });

  it("a password change closes the tabs of the user's other sign-ins at once, not this one's", async () => {
    const bea = await newAdmin();
    const here = await signIn(bea.name);
    const elsewhere = await signIn(bea.name);
    const kept = await openShell(here.cookie);
    const ended = await openShell(elsewhere.cookie);
    expect(await accounts.changeOwnPassword({ id: bea.id, sessionId: here.sessionId }, PASSWORD, "a brand new passphrase")).toMatchObject({ ok: true });
    expect(openIds()).not.toContain(ended.id);
    expect(openIds()).toContain(kept.id);
    await expectEndedForSignIn(ended, bea.name);
    terminalService()!.endSession(kept.id);
    await kept.closed;
  });

  it.each([
    ["disabling", (id: number) => accounts.setDisabled(id, true)],
    ["a password reset of", (id: number) => accounts.resetPassword(id, "set by another admin")],
    ["removing", (id: number) => accounts.removeUser(id)],
  ])("%s a user closes their tabs at once", async (_label, change) => {
    const user = await newAdmin();
    const tab = await openShell((await signIn(user.name)).cookie);
    expect(await change(user.id)).toMatchObject({ ok: true });
    expect(openIds()).not.toContain(tab.id);
    await expectEndedForSignIn(tab, user.name);
  });

  it.each([
    ["idle for longer than SESSION_IDLE_MINUTES", () => ({ lastSeenAt: new Date(Date.now() - loadConfig().sessionIdleMinutes * 60_000 - 1000) })],
    ["past its absolute end", () => ({ expiresAt: new Date(Date.now() - 1000) })],
  ])("a sign-in %s closes its tabs at the next periodic look", async (_label, expired) => {
    const session = await signIn("ada");
    const tab = await openShell(session.cookie);
    await db().session.update({ where: { id: session.sessionId }, data: expired() });
    await expectEndedForSignIn(tab, "ada");
    expect(await db().session.count({ where: { id: session.sessionId } })).toBe(0);
  });

  it("typing in a terminal keeps its sign-in from idling out; output alone does not", async () => {
    const session = await signIn("ada");
    const tab = await openShell(session.cookie);
    const lastSeen = async () => (await db().session.findUniqueOrThrow({ where: { id: session.sessionId } })).lastSeenAt.getTime();
    const twoMinutesAgo = () => db().session.update({ where: { id: session.sessionId }, data: { lastSeenAt: new Date(Date.now() - 120_000) } });

    await twoMinutesAgo();
    const stale = await lastSeen();
    // Output that keeps flowing with nobody typing.
    for (const frame of encodeInputFrames("(while :; do echo tick; sleep 1; done) &\r")) tab.ws.send(frame);
    await waitUntil(async () => (await lastSeen()) > stale + 60_000, "the typing to mark the sign-in seen");

    await twoMinutesAgo();
    const untouched = await lastSeen();
    const ticks = (tab.output().match(/tick/g) ?? []).length;
    await waitUntil(() => (tab.output().match(/tick/g) ?? []).length >= ticks + 2, "more output");
    // Only typing since the last look counts: this look, and every one after the typing's, sees none.
    await terminalService()!.recheckSignIns();
    expect(await lastSeen()).toBe(untouched);
    expect(openIds()).toContain(tab.id);
    terminalService()!.endSession(tab.id);
    await tab.closed;
  });
});
