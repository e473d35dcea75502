"use server";

import type { ActionResult } from "@/lib/api-types";
import { setupFirstAdmin } from "@/server/auth/next";

function field(input: unknown, key: string): unknown {
  return input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
}

/**
 * The first-run form: creates the first admin with the setup token and signs
 * them in. Refused once any account exists and for a wrong or used token
 * (setupFirstAdmin checks and audits both).
 */
export async function createFirstAdmin(input: unknown): Promise<ActionResult> {
  if (field(input, "password") !== field(input, "confirm")) {
    return { ok: false, error: "The two passwords differ; type the same one twice.", field: "confirm" };
  }
  const result = await setupFirstAdmin(field(input, "token"), field(input, "name"), field(input, "password"));
  if (result.ok) return { ok: true, message: `Created the admin ${result.user.name}.` };
  if (result.reason === "bad-token") return { ok: false, error: result.error, field: "token" };
  return { ok: false, error: result.error, field: "field" in result ? result.field : undefined };
}
