"use server";

import type { ActionResult } from "@/lib/api-types";
import { guardedAction } from "@/server/auth/next";
import { startCreate as startCreateOperation } from "@/server/containers/create-service";
import { getOperation } from "@/server/containers/operations";
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

const cancel = guardedAction("admin", "cancel create", async (_actor, operationId: string): Promise<ActionResult> => {
  const op = getOperation(operationId);
  if (!op || op.ended) return { ok: false, error: "That operation has already finished." };
  op.controller.abort();
  return { ok: true, message: `Cancelling the creation of ${op.container}…` };
});

export async function cancelOperation(operationId: string): Promise<ActionResult> {
  return cancel(operationId);
}
