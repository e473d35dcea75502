"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/api-types";
import type { CreateTokenResult } from "@/lib/metrics-tokens";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { createMetricsToken, revokeMetricsToken } from "@/server/metrics/tokens";

const create = guardedAction("admin", "create metrics token", async (actor, name: unknown): Promise<CreateTokenResult> => {
  const result = await createMetricsToken(whoIs(actor), name);
  if (result.ok) revalidatePath("/tokens");
  return result;
});

/** Makes a /metrics token; the answer carries the token itself, this once. */
export async function createMetricsTokenAction(name: unknown): Promise<CreateTokenResult> {
  return create(name);
}

const revoke = guardedAction("admin", "revoke metrics token", async (actor, id: unknown): Promise<ActionResult> => {
  const result = await revokeMetricsToken(whoIs(actor), id);
  if (result.ok) revalidatePath("/tokens");
  return result;
});

export async function revokeMetricsTokenAction(id: unknown): Promise<ActionResult> {
  return revoke(id);
}
