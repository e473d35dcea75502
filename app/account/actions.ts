"use server";

import type { ActionResult } from "@/lib/api-types";
import { recordEvent } from "@/server/audit";
import { changeOwnPassword } from "@/server/auth/accounts";
import { guardedAction } from "@/server/auth/next";

function field(input: unknown, key: string): unknown {
  return input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
}

const change = guardedAction("viewer", "change own password", async (actor, input: unknown): Promise<ActionResult> => {
  const newPassword = field(input, "newPassword");
  if (newPassword !== field(input, "confirm")) {
    return { ok: false, error: "The two new passwords differ; type the same one twice.", field: "confirm" };
  }
  const result = await changeOwnPassword(actor, field(input, "oldPassword"), newPassword);
  if (!result.ok) {
    return { ok: false, error: result.error, field: result.problem === "wrong-password" ? "oldPassword" : "newPassword" };
  }
  await recordEvent({
    actor: actor.name,
    address: actor.address,
    action: "change own password",
    outcome: "ok",
    detail: "other sessions ended",
  });
  return { ok: true, message: "Password changed. Your other sessions are signed out; this one stays signed in." };
});

/** Any signed-in user, for their own account; the current password is required. */
export async function changeOwnPasswordAction(input: unknown): Promise<ActionResult> {
  return change(input);
}
