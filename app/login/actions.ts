"use server";

import type { ActionResult } from "@/lib/api-types";
import { signIn, signOut } from "@/server/auth/next";

/** The sign-in form: rate-limited, audited and origin-checked by signIn; sets the session cookie. */
export async function signInAction(name: unknown, password: unknown): Promise<ActionResult> {
  const result = await signIn(name, password);
  return result.ok ? { ok: true, message: `Signed in as ${result.user.name}.` } : { ok: false, error: result.error };
}

/** Ends this browser's session on the server and clears its cookie. */
export async function signOutAction(): Promise<void> {
  await signOut();
}
