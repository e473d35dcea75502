import { passwordSchema, roleSchema, userNameSchema } from "@/lib/account-schemas";
import { isRole, type Role } from "@/lib/roles";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { loginRateLimiter, nameKey } from "./login-rate-limit";
import { hashPassword, verifyPassword } from "./password-hash";
import { sessionsEnded } from "./session-ends";

export type AccountProblem = "invalid-input" | "name-taken" | "not-found" | "last-admin" | "wrong-password";

export type AccountResult<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; problem: AccountProblem; error: string; field?: "name" | "password" | "role" };

export interface UserSummary {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
}

const summary = { id: true, name: true, role: true, disabled: true, createdAt: true, passwordChangedAt: true } as const;

function toSummary(row: Omit<UserSummary, "role"> & { role: string }): UserSummary {
  return { ...row, role: isRole(row.role) ? row.role : "viewer" };
}

function invalid(field: "name" | "password" | "role", error: string): AccountResult<never> {
  return { ok: false, problem: "invalid-input", error, field };
}

function notFound(): AccountResult<never> {
  return { ok: false, problem: "not-found", error: "No such user." };
}

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "Invalid value.";
}

export async function createUser(input: { name: unknown; password: unknown; role: unknown }): Promise<AccountResult<UserSummary>> {
  const name = userNameSchema.safeParse(input.name);
  if (!name.success) return invalid("name", firstIssue(name.error));
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) return invalid("password", firstIssue(password.error));
  const role = roleSchema.safeParse(input.role);
  if (!role.success) return invalid("role", firstIssue(role.error));

  const passwordHash = await hashPassword(password.data);
  try {
    const row = await db().user.create({ data: { name: name.data, passwordHash, role: role.data }, select: summary });
    return { ok: true, value: toSummary(row) };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      return { ok: false, problem: "name-taken", error: `A user named ${name.data} already exists.`, field: "name" };
    }
    throw e;
  }
}

export async function listUsers(): Promise<UserSummary[]> {
  return (await db().user.findMany({ select: summary, orderBy: { name: "asc" } })).map(toSummary);
}

/** Whether no account exists yet (first run: only the setup page is open). */
export async function noUsersYet(): Promise<boolean> {
  return (await db().user.count()) === 0;
}

/**
 * Runs `change` on user `id` unless it would leave no enabled admin — checked
 * inside one transaction so two admins removing each other cannot both win.
 */
async function unlessLastAdmin(
  id: number,
  change: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<AccountResult> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) return notFound();
    if (user.role === "admin" && !user.disabled) {
      const enabledAdmins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (enabledAdmins <= 1) {
        return { ok: false, problem: "last-admin", error: "This is the last enabled admin; add or enable another admin first." };
      }
    }
    await change(tx);
    return { ok: true, value: undefined };
  });
}

/** Tells who holds on to sessions (terminals) once a change that ended some has gone through. */
async function thenSessionsEnded<T>(result: AccountResult<T>): Promise<AccountResult<T>> {
  if (result.ok) await sessionsEnded();
  return result;
}

/** Disabling also ends the user's sessions (and their terminals) at once. */
export async function setDisabled(id: number, disabled: boolean): Promise<AccountResult> {
  if (!disabled) {
    const r = await db().user.updateMany({ where: { id }, data: { disabled: false } });
    return r.count === 1 ? { ok: true, value: undefined } : notFound();
  }
  return thenSessionsEnded(
    await unlessLastAdmin(id, async (tx) => {
      await tx.user.update({ where: { id }, data: { disabled: true } });
      await tx.session.deleteMany({ where: { userId: id } });
    }),
  );
}

/** Removes the user and (by cascade) their sessions and terminals; their audit rows stay. */
export async function removeUser(id: number): Promise<AccountResult> {
  return thenSessionsEnded(await unlessLastAdmin(id, (tx) => tx.user.delete({ where: { id } })));
}

/** An admin sets someone's password; every session (and terminal) of that user ends. */
export async function resetPassword(id: number, newPassword: unknown): Promise<AccountResult> {
  const password = passwordSchema.safeParse(newPassword);
  if (!password.success) return invalid("password", firstIssue(password.error));
  const passwordHash = await hashPassword(password.data);
  return thenSessionsEnded(
    await db().$transaction(async (tx): Promise<AccountResult> => {
      const r = await tx.user.updateMany({ where: { id }, data: { passwordHash, passwordChangedAt: new Date() } });
      if (r.count !== 1) return notFound();
      await tx.session.deleteMany({ where: { userId: id } });
      return { ok: true, value: undefined };
    }),
  );
}

/**
 * A user changes their own password, proving the old one; every other session
 * of theirs ends (a thief's included, with its terminals), the one they are using stays. Wrong
 * old passwords count against the name like failed sign-ins, so a borrowed
 * session cannot be used to guess the password.
 */
export async function changeOwnPassword(
  actor: { id: number; sessionId: number },
  oldPassword: unknown,
  newPassword: unknown,
): Promise<AccountResult> {
  const user = await db().user.findUnique({ where: { id: actor.id } });
  if (!user) return notFound();
  const limiter = loginRateLimiter();
  const keys = [nameKey(user.name)];
  const wrongPassword: AccountResult = {
    ok: false,
    problem: "wrong-password",
    error: "The current password is wrong.",
    field: "password",
  };
  if (!limiter.allows(keys)) return { ...wrongPassword, error: "Too many wrong passwords; try again later." };
  const mark = limiter.recordFailure(keys); // in advance, as for sign-in (sessions.ts)
  if (typeof oldPassword !== "string" || !(await verifyPassword(oldPassword, user.passwordHash))) return wrongPassword;
  limiter.withdraw(keys, mark);
  const password = passwordSchema.safeParse(newPassword);
  if (!password.success) return invalid("password", firstIssue(password.error));
  const passwordHash = await hashPassword(password.data);
  await db().$transaction([
    db().user.update({ where: { id: actor.id }, data: { passwordHash, passwordChangedAt: new Date() } }),
    db().session.deleteMany({ where: { userId: actor.id, id: { not: actor.sessionId } } }),
  ]);
  return thenSessionsEnded({ ok: true, value: undefined });
}
