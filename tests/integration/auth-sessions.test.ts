import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { login, logout, markSessionActive, sessionFromToken, sessionStillValid } = await import("@/server/auth/sessions");
const accounts = await import("@/server/auth/accounts");
const { hashToken } = await import("@/server/auth/session-token");
const { onSessionsEnded } = await import("@/server/auth/session-ends");

afterAll(async () => {
  await db().$disconnect();
  temp.cleanup();
});
afterEach(() => {
  vi.useRealTimers();
});

const PASSWORD = "a long enough password";
let userSeq = 0;

/** A fresh user per test, so rate-limit and session state never leak between tests. */
async function newUser(role: "admin" | "viewer" = "viewer") {
  const r = await accounts.createUser({ name: `user${++userSeq}`, password: PASSWORD, role });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function signedIn(name: string, address = "10.9.0.1") {
  const r = await login(name, PASSWORD, { address, userAgent: "vitest" });
  if (!r.ok) throw new Error(r.message);
  return r;
}

const refusedLogins = (address: string) =>
  db().auditEntry.findMany({ where: { outcome: "refused", action: "sign in", address }, orderBy: { id: "asc" } });
const auditRows = (address: string) =>
  db().auditEntry.findMany({ where: { address }, orderBy: { id: "asc" } }).then((rows) => rows.map((r) => [r.actor, r.action, r.outcome, r.detail]));

const IDLE_MS = 480 * 60_000; // SESSION_IDLE_MINUTES' default
const lastSeen = async (sessionId: number) => (await db().session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt;
const setLastSeen = (sessionId: number, msAgo: number) =>
  db().session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - msAgo) } });

/** Counts how often sessionsEnded() told its listeners (the terminal service, in the dashboard). */
function countSessionsEnded(): { count: number; stop: () => void } {
  const counter = { count: 0, stop: () => {} };
  counter.stop = onSessionsEnded(async () => void counter.count++);
  return counter;
}

describe("login and logout", () => {
  it("opens a session whose row holds only the token's hash, and sets a strict HttpOnly cookie", async () => {
    const u = await newUser();
    const r = await signedIn(u.name, "10.9.0.2");
    expect(r.cookie).toMatchObject({
      name: "lxcd_session",
      value: r.token,
      options: { httpOnly: true, sameSite: "strict", path: "/", secure: false, maxAge: 168 * 3600 },
    });
    const row = await db().session.findUniqueOrThrow({ where: { id: r.sessionId } });
    expect(row).toMatchObject({ tokenHash: hashToken(r.token), userId: u.id, address: "10.9.0.2", userAgent: "vitest" });
    expect(JSON.stringify(row)).not.toContain(r.token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(168 * 3_600_000);
    expect(await sessionFromToken(r.token)).toEqual({ ok: true, user: { id: u.id, name: u.name, role: "viewer" }, sessionId: r.sessionId });
  });

  it("accepts the name in any case and with spaces around it", async () => {
    const u = await newUser();
    expect((await login(` ${u.name.toUpperCase()} `, PASSWORD, { address: "10.9.0.3" })).ok).toBe(true);
  });

  it("ends the session server-side on logout", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    await logout(r.token, { address: "10.9.0.4" });
    expect(await db().session.count({ where: { id: r.sessionId } })).toBe(0);
    expect(await sessionFromToken(r.token)).toEqual({ ok: false, reason: "session-unknown" });
  });

  it("audits a sign-in and a sign-out with the user and address, once each, and tells the listeners of the sign-out", async () => {
    const u = await newUser("admin");
    const ended = countSessionsEnded();
    try {
      const r = await signedIn(u.name, "10.9.0.5");
      expect(ended.count).toBe(0);
      await logout(r.token, { address: "10.9.0.5" });
      expect(ended.count).toBe(1);
      // Signing out again, or with a token that never was, ends nothing and writes nothing.
      await logout(r.token, { address: "10.9.0.5" });
      await logout("Q".repeat(43), { address: "10.9.0.5" });
      expect(ended.count).toBe(1);
      expect(await auditRows("10.9.0.5")).toEqual([
        [u.name, "sign in", "ok", "as admin"],
        [u.name, "sign out", "ok", "session ended"],
      ]);
    } finally {
      ended.stop();
    }
  });

  it("writes no ok row for a refused sign-in", async () => {
    const u = await newUser();
    await login(u.name, "not the password", { address: "10.9.0.6" });
    expect(await auditRows("10.9.0.6")).toEqual([["anonymous", "sign in", "refused", `as "${u.name}": wrong password`]]);
  });

  it("refuses a wrong password and an unknown name alike, each with an audit row with the address", async () => {
    const u = await newUser();
    const wrong = await login(u.name, "not the password", { address: "10.9.1.1" });
    const unknown = await login("nobody-here", PASSWORD, { address: "10.9.1.1" });
    expect(wrong).toEqual({ ok: false, reason: "invalid-credentials", message: "Wrong user name or password." });
    expect(unknown).toEqual(wrong);
    expect((await refusedLogins("10.9.1.1")).map((r) => [r.actor, r.detail])).toEqual([
      ["anonymous", `as "${u.name}": wrong password`],
      ["anonymous", "as (unknown name): no such user"],
    ]);
    expect(await db().session.count({ where: { userId: u.id } })).toBe(0);
  });

  it("never writes a name that is no user's into the audit log (people type passwords there)", async () => {
    const u = await newUser();
    const secret = "hunter2-my-real-passphrase";
    await login(secret, PASSWORD, { address: "10.9.1.3" });
    await login(`${u.name}x`, PASSWORD, { address: "10.9.1.3" });
    await login("not a valid name!", PASSWORD, { address: "10.9.1.3" });
    const rows = await refusedLogins("10.9.1.3");
    expect(rows.map((r) => r.detail)).toEqual(Array(3).fill("as (unknown name): no such user"));
    expect(JSON.stringify(await db().auditEntry.findMany())).not.toContain(secret);
  });

  it.each([[null], [42], [{ name: "x" }]])("refuses a login with a non-string name or password (%j)", async (junk) => {
    expect(await login(junk, PASSWORD, { address: "10.9.1.2" })).toMatchObject({ ok: false, reason: "invalid-credentials" });
    const u = await newUser();
    expect(await login(u.name, junk, { address: "10.9.1.2" })).toMatchObject({ ok: false, reason: "invalid-credentials" });
  });
});

describe("session validity", () => {
  it.each([
    ["a forged token", "Q".repeat(43)],
    ["a token of the wrong shape", "not-a-token"],
    ["a token's hash instead of the token", "x"],
  ])("refuses %s", async (_label, token) => {
    const u = await newUser();
    const r = await signedIn(u.name);
    const forged = token === "x" ? hashToken(r.token) : token;
    expect(await sessionFromToken(forged)).toEqual({ ok: false, reason: "session-unknown" });
  });

  it("refuses no token at all", async () => {
    expect(await sessionFromToken(null)).toEqual({ ok: false, reason: "no-session" });
  });

  it("expires a session idle longer than SESSION_IDLE_MINUTES and deletes it", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    const idle = new Date(Date.now() - (480 * 60_000 + 1000));
    await db().session.update({ where: { id: r.sessionId }, data: { lastSeenAt: idle } });
    expect(await sessionFromToken(r.token)).toEqual({ ok: false, reason: "session-expired" });
    expect(await db().session.count({ where: { id: r.sessionId } })).toBe(0);
  });

  it("expires a session past its absolute end even when in use", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    await db().session.update({ where: { id: r.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionFromToken(r.token)).toEqual({ ok: false, reason: "session-expired" });
  });

  it("marks a session seen, writing at most once a minute", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db().session.update({ where: { id: r.sessionId }, data: { lastSeenAt: twoMinutesAgo } });
    await sessionFromToken(r.token);
    const touched = (await db().session.findUniqueOrThrow({ where: { id: r.sessionId } })).lastSeenAt;
    expect(touched.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);

    const thirtySecondsAgo = new Date(Date.now() - 30_000);
    await db().session.update({ where: { id: r.sessionId }, data: { lastSeenAt: thirtySecondsAgo } });
    await sessionFromToken(r.token);
    expect((await db().session.findUniqueOrThrow({ where: { id: r.sessionId } })).lastSeenAt).toEqual(thirtySecondsAgo);
  });
});

describe("a sign-in held on to (sessionStillValid, markSessionActive)", () => {
  it("is still valid while live, without being marked seen", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    await setLastSeen(r.sessionId, 120_000);
    const before = await lastSeen(r.sessionId);
    expect(await sessionStillValid(r.sessionId)).toBe(true);
    expect(await lastSeen(r.sessionId)).toEqual(before);
  });

  it("is not valid once signed out, idle, past its end, or its user disabled; expired rows go", async () => {
    const u = await newUser();
    const out = await signedIn(u.name);
    await logout(out.token, { address: "10.9.0.7" });
    expect(await sessionStillValid(out.sessionId)).toBe(false);

    const idle = await signedIn(u.name);
    await setLastSeen(idle.sessionId, IDLE_MS + 1000);
    expect(await sessionStillValid(idle.sessionId)).toBe(false);
    expect(await db().session.count({ where: { id: idle.sessionId } })).toBe(0);

    const over = await signedIn(u.name);
    await db().session.update({ where: { id: over.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionStillValid(over.sessionId)).toBe(false);
    expect(await db().session.count({ where: { id: over.sessionId } })).toBe(0);

    const disabled = await signedIn(u.name);
    await db().user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await sessionStillValid(disabled.sessionId)).toBe(false);
  });

  it("is marked active at most once a minute, and never brought back once idle or past its end", async () => {
    const u = await newUser();
    const r = await signedIn(u.name);
    await setLastSeen(r.sessionId, 30_000);
    const recent = await lastSeen(r.sessionId);
    await markSessionActive(r.sessionId);
    expect(await lastSeen(r.sessionId)).toEqual(recent);

    await setLastSeen(r.sessionId, 120_000);
    const stale = await lastSeen(r.sessionId);
    await markSessionActive(r.sessionId);
    expect((await lastSeen(r.sessionId)).getTime()).toBeGreaterThan(stale.getTime() + 60_000);

    await setLastSeen(r.sessionId, IDLE_MS + 1000);
    const idle = await lastSeen(r.sessionId);
    await markSessionActive(r.sessionId);
    expect(await lastSeen(r.sessionId)).toEqual(idle);
    expect(await sessionStillValid(r.sessionId)).toBe(false);

    const over = await signedIn(u.name);
    await setLastSeen(over.sessionId, 120_000);
    await db().session.update({ where: { id: over.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const overSeen = await lastSeen(over.sessionId);
    await markSessionActive(over.sessionId);
    expect(await lastSeen(over.sessionId)).toEqual(overSeen);
  });
});

describe("passwords", () => {
  it("changing one's own password ends the other sessions and keeps this one", async () => {
    const u = await newUser();
    const here = await signedIn(u.name);
    const elsewhere = await signedIn(u.name, "10.9.2.2");
    const r = await accounts.changeOwnPassword({ id: u.id, sessionId: here.sessionId }, PASSWORD, "a brand new passphrase");
    expect(r).toEqual({ ok: true, value: undefined });
    expect((await sessionFromToken(here.token)).ok).toBe(true);
    expect(await sessionFromToken(elsewhere.token)).toEqual({ ok: false, reason: "session-unknown" });
    expect((await login(u.name, PASSWORD, { address: "10.9.2.3" })).ok).toBe(false);
    expect((await login(u.name, "a brand new passphrase", { address: "10.9.2.3" })).ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordChangedAt.getTime()).toBeGreaterThan(u.passwordChangedAt.getTime());
  });

  it("refuses a change without the right current password, changing nothing", async () => {
    const u = await newUser();
    const here = await signedIn(u.name);
    const other = await signedIn(u.name);
    const r = await accounts.changeOwnPassword({ id: u.id, sessionId: here.sessionId }, "wrong", "a brand new passphrase");
    expect(r).toMatchObject({ ok: false, problem: "wrong-password" });
    expect((await sessionFromToken(other.token)).ok).toBe(true);
    expect((await login(u.name, PASSWORD, { address: "10.9.2.4" })).ok).toBe(true);
  });

  it("refuses a new password that is too short", async () => {
    const u = await newUser();
    const here = await signedIn(u.name);
    expect(await accounts.changeOwnPassword({ id: u.id, sessionId: here.sessionId }, PASSWORD, "short")).toMatchObject({
      ok: false,
      problem: "invalid-input",
      field: "password",
    });
  });

  it("an admin's reset ends every session of that user", async () => {
    const u = await newUser();
    const s = await signedIn(u.name);
    expect(await accounts.resetPassword(u.id, "set by the admin")).toEqual({ ok: true, value: undefined });
    expect((await sessionFromToken(s.token)).ok).toBe(false);
    expect((await login(u.name, "set by the admin", { address: "10.9.2.5" })).ok).toBe(true);
    expect(await accounts.resetPassword(999_999, "set by the admin")).toMatchObject({ ok: false, problem: "not-found" });
  });
});

describe("accounts", () => {
  it("refuses a disabled user's sign-in and ends their sessions; enabling lets them back", async () => {
    await newUser("admin"); // so the user below is never the last admin
    const u = await newUser("admin");
    const s = await signedIn(u.name);
    expect(await accounts.setDisabled(u.id, true)).toEqual({ ok: true, value: undefined });
    expect(await sessionFromToken(s.token)).toEqual({ ok: false, reason: "session-unknown" });
    expect(await login(u.name, PASSWORD, { address: "10.9.3.1" })).toMatchObject({ ok: false, reason: "disabled" });
    expect((await refusedLogins("10.9.3.1")).at(-1)).toMatchObject({ detail: `as "${u.name}": account disabled` });
    expect(await accounts.setDisabled(u.id, false)).toEqual({ ok: true, value: undefined });
    expect((await login(u.name, PASSWORD, { address: "10.9.3.1" })).ok).toBe(true);
  });

  it("refuses a live session whose user was disabled behind its back", async () => {
    const u = await newUser();
    const s = await signedIn(u.name);
    await db().user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await sessionFromToken(s.token)).toMatchObject({ ok: false, reason: "user-disabled", user: { name: u.name } });
  });

  it("never removes or disables the last enabled admin", async () => {
    // Leave exactly one enabled admin.
    await db().user.updateMany({ where: { role: "admin" }, data: { disabled: true } });
    const last = await newUser("admin");
    expect(await accounts.removeUser(last.id)).toMatchObject({ ok: false, problem: "last-admin" });
    expect(await accounts.setDisabled(last.id, true)).toMatchObject({ ok: false, problem: "last-admin" });
    const second = await newUser("admin");
    expect(await accounts.removeUser(last.id)).toEqual({ ok: true, value: undefined });
    expect(await accounts.removeUser(second.id)).toMatchObject({ ok: false, problem: "last-admin" });
    const viewer = await newUser("viewer");
    expect(await accounts.removeUser(viewer.id)).toEqual({ ok: true, value: undefined });
    expect(await accounts.removeUser(viewer.id)).toMatchObject({ ok: false, problem: "not-found" });
  });

  it("tells the listeners (the terminals) after each change that ended sessions, and only then", async () => {
    const ended = countSessionsEnded();
    try {
      await newUser("admin"); // so the admin below is never the last one
      const u = await newUser("admin");
      const here = await signedIn(u.name);
      const told = async (change: Promise<{ ok: boolean }>) => {
        const before = ended.count;
        const result = await change;
        return [result.ok, ended.count - before];
      };
      expect(await told(accounts.changeOwnPassword({ id: u.id, sessionId: here.sessionId }, "wrong", "a brand new passphrase"))).toEqual([false, 0]);
      expect(await told(accounts.changeOwnPassword({ id: u.id, sessionId: here.sessionId }, PASSWORD, "a brand new passphrase"))).toEqual([true, 1]);
      expect(await told(accounts.resetPassword(999_999, "set by the admin"))).toEqual([false, 0]);
      expect(await told(accounts.resetPassword(u.id, "set by the admin"))).toEqual([true, 1]);
      expect(await told(accounts.setDisabled(u.id, true))).toEqual([true, 1]);
      expect(await told(accounts.setDisabled(u.id, false))).toEqual([true, 0]);
      expect(await told(accounts.removeUser(u.id))).toEqual([true, 1]);
      expect(await told(accounts.removeUser(u.id))).toEqual([false, 0]);
    } finally {
      ended.stop();
    }
  });

  it("removing a user removes their sessions", async () => {
    const u = await newUser();
    const s = await signedIn(u.name);
    await accounts.removeUser(u.id);
    expect(await sessionFromToken(s.token)).toEqual({ ok: false, reason: "session-unknown" });
    expect(await db().session.count({ where: { userId: u.id } })).toBe(0);
  });

  it("validates new users and refuses a taken name", async () => {
    const u = await newUser();
    expect(await accounts.createUser({ name: u.name.toUpperCase(), password: PASSWORD, role: "viewer" })).toMatchObject({
      ok: false,
      problem: "name-taken",
    });
    expect(await accounts.createUser({ name: "ok-name", password: PASSWORD, role: "root" })).toMatchObject({
      ok: false,
      field: "role",
    });
    expect(await accounts.createUser({ name: "../x", password: PASSWORD, role: "viewer" })).toMatchObject({ ok: false, field: "name" });
    const listed = await accounts.listUsers();
    expect(listed.find((x) => x.id === u.id)).toEqual({
      id: u.id,
      name: u.name,
      role: "viewer",
      disabled: false,
      createdAt: u.createdAt,
      passwordChangedAt: u.passwordChangedAt,
    });
    expect(JSON.stringify(listed)).not.toContain("scrypt");
  });
});

describe("failed-login rate limit", () => {
  it("refuses the 11th attempt in the window even with the right password, until the window passes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const u = await newUser();
    const address = "10.9.4.4";
    for (let i = 0; i < 10; i++) {
      expect(await login(u.name, `wrong ${i}`, { address })).toMatchObject({ reason: "invalid-credentials" });
      vi.setSystemTime(Date.now() + 1000);
    }
    const eleventh = await login(u.name, PASSWORD, { address });
    expect(eleventh).toMatchObject({ ok: false, reason: "rate-limited", retryAfterSeconds: 50 });
    // Another address trying the same name is held back too.
    expect(await login(u.name, PASSWORD, { address: "10.9.4.5" })).toMatchObject({ reason: "rate-limited" });
    expect(await db().session.count({ where: { userId: u.id } })).toBe(0);

    const rows = await refusedLogins(address);
    expect(rows).toHaveLength(11);
    expect(rows.at(-1)).toMatchObject({ actor: "anonymous", detail: `as "${u.name}": too many failed sign-ins` });

    vi.setSystemTime(Date.now() + 49_000);
    expect(await login(u.name, PASSWORD, { address })).toMatchObject({ reason: "rate-limited" });
    vi.setSystemTime(Date.now() + 1000);
    expect((await login(u.name, PASSWORD, { address })).ok).toBe(true);
  });

  it("holds back an address that tries many names", async () => {
    const address = "10.9.5.5";
    for (let i = 0; i < 10; i++) await login(`guess${i}`, "password1234", { address });
    const u = await newUser();
    expect(await login(u.name, PASSWORD, { address })).toMatchObject({ reason: "rate-limited" });
    expect((await login(u.name, PASSWORD, { address: "10.9.5.6" })).ok).toBe(true);
  });

  it("holds a parallel burst of guesses to the limit", async () => {
    const u = await newUser();
    const address = "10.9.6.6";
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => login(u.name, `burst ${i}`, { address })));
    expect(results.filter((r) => !r.ok && r.reason === "invalid-credentials")).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(5);
  });
});
