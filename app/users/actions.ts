"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/api-types";
import { recordEvent } from "@/server/audit";
import { createUser, listUsers, removeUser, resetPassword, setDisabled, type UserSummary } from "@/server/auth/accounts";
import type { Actor } from "@/server/auth/access-check";
import { guardedAction } from "@/server/auth/next";

function field(input: unknown, key: string): unknown {
  return input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
}

/** The account an id from the browser names, looked up here so the audit row and messages use its real name. */
async function target(id: unknown): Promise<UserSummary | null> {
  return typeof id === "number" ? ((await listUsers()).find((u) => u.id === id) ?? null) : null;
}

const NO_SUCH_USER: ActionResult = { ok: false, error: "That user no longer exists; reload the page." };

/** Account changes are audit rows like container actions: who did what to whom, from where. */
async function done(actor: Actor, action: string, detail: string, message: string): Promise<ActionResult> {
  await recordEvent({ actor: actor.name, address: actor.address, action, outcome: "ok", detail });
  revalidatePath("/users");
  return { ok: true, message };
}

const add = guardedAction("admin", "add user", async (actor, input: unknown): Promise<ActionResult> => {
  if (field(input, "password") !== field(input, "confirm")) {
    return { ok: false, error: "The two passwords differ; type the same one twice.", field: "confirm" };
  }
  const result = await createUser({ name: field(input, "name"), password: field(input, "password"), role: field(input, "role") });
  if (!result.ok) return { ok: false, error: result.error, field: result.field };
  const { name, role } = result.value;
  return done(actor, "add user", `${name} (${role})`, `Added ${name} (${role}).`);
});

export async function addUserAction(input: unknown): Promise<ActionResult> {
  return add(input);
}

const disable = guardedAction(
  "admin",
  "disable or enable user",
  async (actor, id: unknown, disabled: unknown): Promise<ActionResult> => {
    const user = await target(id);
    if (!user) return NO_SUCH_USER;
    const off = disabled === true;
    if (off && user.id === actor.id) return { ok: false, error: "You cannot disable your own account; another admin can." };
    const result = await setDisabled(user.id, off);
    if (!result.ok) return { ok: false, error: result.error };
    return off
      ? done(actor, "disable user", `${user.name}; their sessions ended`, `Disabled ${user.name}; their sessions are signed out.`)
      : done(actor, "enable user", user.name, `Enabled ${user.name}.`);
  },
);

export async function setUserDisabledAction(id: unknown, disabled: unknown): Promise<ActionResult> {
  return disable(id, disabled);
}

const remove = guardedAction("admin", "remove user", async (actor, id: unknown): Promise<ActionResult> => {
  const user = await target(id);
  if (!user) return NO_SUCH_USER;
  if (user.id === actor.id) return { ok: false, error: "You cannot remove your own account; another admin can." };
  const result = await removeUser(user.id);
  if (!result.ok) return { ok: false, error: result.error };
  return done(actor, "remove user", user.name, `Removed ${user.name}.`);
});

export async function removeUserAction(id: unknown): Promise<ActionResult> {
  return remove(id);
}

const reset = guardedAction("admin", "reset password", async (actor, id: unknown, input: unknown): Promise<ActionResult> => {
  const user = await target(id);
  if (!user) return NO_SUCH_USER;
  if (user.id === actor.id) {
    return { ok: false, error: "Change your own password on the Account page; it asks for the current one." };
  }
  if (field(input, "password") !== field(input, "confirm")) {
    return { ok: false, error: "The two passwords differ; type the same one twice.", field: "confirm" };
  }
  const result = await resetPassword(user.id, field(input, "password"));
  if (!result.ok) return { ok: false, error: result.error, field: result.field };
  return done(
    actor,
    "reset password",
    `${user.name}; their sessions ended`,
    `Set a new password for ${user.name}; their sessions are signed out.`,
  );
});

export async function resetPasswordAction(id: unknown, input: unknown): Promise<ActionResult> {
  return reset(id, input);
}
