"use server";

import { guardedAction } from "@/server/auth/next";
import { startCreate as startCreateOperation } from "@/server/containers/create-service";
import { whoIs } from "@/server/containers/who";

const create = guardedAction(
  "admin",
  "create",
  async (actor, input: unknown) => startCreateOperation(whoIs(actor), input),
  { container: (input) => (input as { name?: unknown } | null)?.name as string | undefined },
);

export async function startCreate(input: unknown) {
  const r = await create(input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}
