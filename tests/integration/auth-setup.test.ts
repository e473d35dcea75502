import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

// A fresh DATA_DIR and database before anything reads them.
const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { completeSetup, ensureSetupToken, setupTokenFile } = await import("@/server/auth/setup-token");
const { login } = await import("@/server/auth/sessions");
const { noUsersYet } = await import("@/server/auth/accounts");

const client = { address: "192.168.7.7" };
const refusals = () => db().auditEntry.findMany({ where: { outcome: "refused", action: "first-run setup" }, orderBy: { id: "asc" } });

describe("first-run setup", () => {
  let token: string;
  const printed: string[] = [];

  beforeAll(async () => {
    token = (await ensureSetupToken((line) => printed.push(line)))!;
  });
  afterAll(async () => {
    await db().$disconnect();
    temp.cleanup();
  });

  it("prints the token and where to use it, and writes it to DATA_DIR/setup-token readable by its owner only", () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(printed[0]).toBe(`Setup token: ${token}`);
    expect(printed[1]).toMatch(/^Open http:\/\/.+:3000\/setup to create the first admin/);
    const file = path.join(temp.dataDir, "setup-token");
    expect(setupTokenFile()).toBe(file);
    expect(readFileSync(file, "utf8").trim()).toBe(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps the same token across a restart while no user exists", async () => {
    expect(await ensureSetupToken(() => {})).toBe(token);
  });

  it("refuses setup without a token, with a wrong one, and creates no user", async () => {
    const attempt = { name: "root", password: "a long enough password" };
    expect(await completeSetup({ ...attempt, token: undefined }, client)).toMatchObject({ ok: false, reason: "bad-token" });
    expect(await completeSetup({ ...attempt, token: "" }, client)).toMatchObject({ ok: false, reason: "bad-token" });
    const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await completeSetup({ ...attempt, token: wrong }, client)).toMatchObject({ ok: false, reason: "bad-token" });
    expect(await noUsersYet()).toBe(true);
    const rows = await refusals();
    expect(rows.map((r) => [r.detail, r.address, r.actor])).toEqual([
      ["no setup token", "192.168.7.7", "anonymous"],
      ["no setup token", "192.168.7.7", "anonymous"],
      ["wrong setup token", "192.168.7.7", "anonymous"],
    ]);
  });

  it("does not spend the token on an invalid name or password", async () => {
    expect(await completeSetup({ token, name: "Bad Name!", password: "a long enough password" }, client)).toMatchObject({
      ok: false,
      reason: "invalid-input",
      field: "name",
    });
    expect(await completeSetup({ token, name: "root", password: "short" }, client)).toMatchObject({
      ok: false,
      reason: "invalid-input",
      field: "password",
    });
    expect(existsSync(setupTokenFile())).toBe(true);
  });

  it("creates the first admin with the right token, and the token dies", async () => {
    const result = await completeSetup({ token, name: "Root", password: "a long enough password" }, client);
    expect(result).toMatchObject({ ok: true, user: { name: "root", role: "admin" } });
    const done = await db().auditEntry.findMany({ where: { action: "first-run setup", outcome: "ok" } });
    expect(done.map((r) => [r.actor, r.address, r.detail])).toEqual([["root", "192.168.7.7", "created the first admin"]]);
    expect(existsSync(setupTokenFile())).toBe(false);
    expect(readdirSync(temp.dataDir).filter((f) => f.startsWith("setup-token"))).toEqual([]);
    expect((await login("root", "a long enough password", client)).ok).toBe(true);
  });

  it("refuses setup once an admin exists, even with the old token", async () => {
    expect(await completeSetup({ token, name: "second", password: "a long enough password" }, client)).toMatchObject({
      ok: false,
      reason: "setup-done",
    });
    expect(await db().user.count()).toBe(1);
    expect((await refusals()).at(-1)).toMatchObject({ detail: "an admin already exists", address: "192.168.7.7" });
  });

  it("makes no new token at the next start, and removes a stale one", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(setupTokenFile(), "leftover\n");
    expect(await ensureSetupToken(() => {})).toBeNull();
    expect(existsSync(setupTokenFile())).toBe(false);
  });
});
