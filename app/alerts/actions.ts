"use server";

import type { ActionResult } from "@/lib/api-types";
import { containerNameProblem } from "@/lib/container-name";
import { recordEvent } from "@/server/audit";
import { deleteTarget, markAllRead, saveTarget, sendTest, setMuted, setRule, setTargetEnabled } from "@/server/alerts";
import type { TargetInput } from "@/server/alerts/targets";
import { guardedAction } from "@/server/auth/next";

type FieldResult = ActionResult & { field?: string };

/** Every change to the alert settings is an audit row (never with a secret in it). */
async function audited(actor: { name: string; address: string | null }, action: string, detail: string): Promise<void> {
  await recordEvent({ actor: actor.name, address: actor.address, action, outcome: "ok", detail });
}

const read = guardedAction("viewer", "read alerts", async (actor): Promise<ActionResult> => {
  await markAllRead(actor.id);
  return { ok: true, message: "All alerts marked read." };
});

/** Marks every alert read for the signed-in user (opening the bell). */
export async function markAlertsReadAction(): Promise<ActionResult> {
  return read();
}

const rule = guardedAction("admin", "alert rule", async (actor, id: string, enabled: boolean, threshold: number | null): Promise<FieldResult> => {
  const r = await setRule(id, enabled, threshold);
  if (!r.ok) return r;
  await audited(actor, "alert rule", `${id}: ${enabled ? "on" : "off"}${threshold !== null ? `, threshold ${threshold}` : ""}`);
  return { ok: true, message: `Rule ${id} ${enabled ? "on" : "off"}.` };
});

export async function setAlertRuleAction(id: string, enabled: boolean, threshold: number | null): Promise<FieldResult> {
  return rule(id, enabled, threshold);
}

const target = guardedAction("admin", "alert target", async (actor, id: number | null, input: TargetInput): Promise<FieldResult> => {
  const r = await saveTarget(typeof id === "number" ? id : null, input);
  if (!r.ok) return { ok: false, error: r.error, field: r.field };
  await audited(actor, "alert target", `${id === null ? "added" : "changed"} ${r.target.kind} target "${r.target.name}" (${r.target.address})`);
  return { ok: true, message: `Target "${r.target.name}" saved.` };
});

/** Adds (id null) or changes a target; the secret is written only when a new one is typed. */
export async function saveAlertTargetAction(id: number | null, input: TargetInput): Promise<FieldResult> {
  return target(id, input);
}

const toggle = guardedAction("admin", "alert target", async (actor, id: number, enabled: boolean): Promise<ActionResult> => {
  if (!(await setTargetEnabled(Number(id), enabled === true))) return { ok: false, error: "That target no longer exists." };
  await audited(actor, "alert target", `target ${id} ${enabled ? "enabled" : "disabled"}`);
  return { ok: true, message: enabled ? "Target enabled." : "Target disabled." };
});

export async function setAlertTargetEnabledAction(id: number, enabled: boolean): Promise<ActionResult> {
  return toggle(id, enabled);
}

const remove = guardedAction("admin", "alert target", async (actor, id: number): Promise<ActionResult> => {
  if (!(await deleteTarget(Number(id)))) return { ok: false, error: "That target no longer exists." };
  await audited(actor, "alert target", `target ${id} deleted`);
  return { ok: true, message: "Target deleted." };
});

export async function deleteAlertTargetAction(id: number): Promise<ActionResult> {
  return remove(id);
}

const test = guardedAction("admin", "alert test", async (actor, id: number): Promise<ActionResult> => {
  const r = await sendTest(Number(id), actor.name);
  return r.ok ? { ok: true, message: `Test sent: ${r.detail}` } : { ok: false, error: `The test was not delivered: ${r.detail}` };
});

/** Sends a test to one target now; the answer says what the other side replied. */
export async function sendAlertTestAction(id: number): Promise<ActionResult> {
  return test(id);
}

const mute = guardedAction(
  "admin",
  "alert mute",
  async (actor, container: string, muted: boolean): Promise<FieldResult> => {
    const problem = containerNameProblem(container);
    if (problem) return { ok: false, error: problem, field: "container" };
    await setMuted(container, muted === true, actor.name);
    await audited(actor, "alert mute", `${container} ${muted ? "muted" : "unmuted"}`);
    return { ok: true, message: `${container}: alerts ${muted ? "muted" : "on again"}.` };
  },
  { container: (container) => container },
);

export async function setAlertMuteAction(container: string, muted: boolean): Promise<FieldResult> {
  return mute(container, muted);
}
