import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { passwordSchema, userNameSchema } from "@/lib/account-schemas";
import { recordEvent, recordRefusal } from "../audit";
import { loadConfig } from "../config/load-config";
import { db } from "../db";
import { sessionUserFromRow, type SessionUser } from "./session-user";
import { hashPassword } from "./password-hash";

/**
 * First run. While no account exists, the only way in is a one-time token the
 * server prints on its console and keeps in DATA_DIR/setup-token (mode 0600):
 * whoever reads it has the server's console or its files, i.e. owns the box.
 * The file is the token's only home, so it survives restarts as-is and dies
 * when the first admin is created.
 */
export function setupTokenFile(): string {
  return path.join(loadConfig().dataDir, "setup-token");
}

function readToken(file: string): string | null {
  try {
    const token = readFileSync(file, "utf8").trim();
    return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
  } catch {
    return null;
  }
}

/**
 * Called at server start. With no user yet: keeps the existing token (or makes
 * one), prints it with where to use it, and returns it. Once a user exists:
 * removes any leftover token file and returns null.
 */
export async function ensureSetupToken(log: (line: string) => void = console.log): Promise<string | null> {
  const file = setupTokenFile();
  if ((await db().user.count()) > 0) {
    rmSync(file, { force: true });
    return null;
  }
  let token = readToken(file);
  if (!token) {
    token = randomBytes(32).toString("base64url");
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600); // also when the file was there, or the umask widened it
  const { host, port, tls } = loadConfig();
  const shownHost = host === "0.0.0.0" || host === "::" ? os.hostname() : host;
  log(`Setup token: ${token}`);
  log(`Open ${tls ? "https" : "http"}://${shownHost}:${port}/setup to create the first admin (token also in ${file}).`);
  return token;
}

export type SetupResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "setup-done" | "bad-token" | "invalid-input"; error: string; field?: "name" | "password" };

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * Creates the first admin, only while no user exists and only with the setup
 * token (compared in constant time). The token file is claimed by an atomic
 * rename first, so two racing requests cannot both use it; it is deleted once
 * the admin exists and put back if creating the admin fails.
 */
export async function completeSetup(
  input: { token: unknown; name: unknown; password: unknown },
  client: { address: string | null },
): Promise<SetupResult> {
  const refuse = async (reason: "setup-done" | "bad-token", error: string, detail: string): Promise<SetupResult> => {
    await recordRefusal({ actor: "anonymous", address: client.address, action: "first-run setup", detail });
    return { ok: false, reason, error };
  };

  if ((await db().user.count()) > 0) return refuse("setup-done", "Setup is already done; sign in instead.", "an admin already exists");
  const file = setupTokenFile();
  const expected = readToken(file);
  const given = typeof input.token === "string" ? input.token.trim() : "";
  if (!expected || given === "" || !timingSafeEqual(digest(given), digest(expected))) {
    return refuse("bad-token", "That setup token is not the one the server printed.", given === "" ? "no setup token" : "wrong setup token");
  }

  const name = userNameSchema.safeParse(input.name);
  if (!name.success) return { ok: false, reason: "invalid-input", error: name.error.issues[0]!.message, field: "name" };
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) return { ok: false, reason: "invalid-input", error: password.error.issues[0]!.message, field: "password" };
  const passwordHash = await hashPassword(password.data);

  const claimed = `${file}.claimed-${randomBytes(6).toString("hex")}`;
  try {
    renameSync(file, claimed);
  } catch {
    return refuse("bad-token", "That setup token has already been used.", "setup token already claimed");
  }
  let user;
  try {
    user = await db().$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) return null;
      return tx.user.create({ data: { name: name.data, passwordHash, role: "admin" } });
    });
  } catch (e) {
    renameSync(claimed, file);
    throw e;
  }
  // Either way a user now exists, so the token has no further use.
  rmSync(claimed, { force: true });
  if (!user) return refuse("setup-done", "Setup is already done; sign in instead.", "an admin already exists");
  await recordEvent({ actor: user.name, address: client.address, action: "first-run setup", outcome: "ok", detail: "created the first admin" });
  return { ok: true, user: sessionUserFromRow(user) };
}
