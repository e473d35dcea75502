"use server";

import type { ActionResult } from "@/lib/api-types";
import { guardedAction } from "@/server/auth/next";
import { getOperation } from "@/server/containers/operations";

const cancel = guardedAction("admin", "cancel operation", async (_actor, operationId: string): Promise<ActionResult> => {
  const op = getOperation(operationId);
  if (!op || op.ended) return { ok: false, error: "That operation has already finished." };
  op.controller.abort();
  return { ok: true, message: `Cancelling the operation on ${op.container}…` };
});

/** Cancels a running operation (create, clone, backup, restore…); the work itself cleans up after it. */
export async function cancelOperation(operationId: string): Promise<ActionResult> {
  return cancel(operationId);
}
