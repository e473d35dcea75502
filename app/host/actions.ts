"use server";

import type { ReadinessReport } from "@/lib/host-readiness";
import { guardedAction, type ActionRefusal } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { applyHostFix, type FixResult } from "@/server/host/apply-fix";
import { isCheckId, recheckHostReadiness } from "@/server/host/readiness";

const apply = guardedAction("admin", "host fix", async (actor, id: string): Promise<FixResult> => {
  if (!isCheckId(id)) return { ok: false, error: `There is no host check "${String(id).slice(0, 40)}".`, row: null };
  return applyHostFix(id, whoIs(actor));
});

const recheck = guardedAction("viewer", "check host", async (actor): Promise<ReadinessReport> =>
  recheckHostReadiness({ force: actor.role === "admin" }),
);

/** Runs the fix of one check; the browser names the check, the server decides the command. */
export async function applyHostFixAction(id: string): Promise<FixResult | ActionRefusal> {
  return apply(id);
}

/** Runs every check again now, not from the cache (for a viewer, unless the report is seconds old). */
export async function recheckHostAction(): Promise<ReadinessReport | ActionRefusal> {
  return recheck();
}
