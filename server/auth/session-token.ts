import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: what the cookie carries. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores instead of the token (a stolen table signs no one in). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a string has the shape of one of our tokens; anything else is not looked up. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
