import { ALERT_RULE_IDS, ALERT_RULES, type AlertRuleId, type AlertRuleView } from "@/lib/alert-types";
import { db } from "../db";

/** Every rule with its switch and threshold (a rule without a row is on, with its default). */
export async function listRules(): Promise<AlertRuleView[]> {
  const rows = new Map((await db().alertRule.findMany()).map((r) => [r.id, r]));
  return ALERT_RULE_IDS.map((id) => {
    const row = rows.get(id);
    const info = ALERT_RULES[id].threshold;
    return { id, enabled: row?.enabled ?? true, threshold: info ? (row?.threshold ?? info.default) : null };
  });
}

export async function ruleSettings(id: AlertRuleId): Promise<AlertRuleView> {
  return (await listRules()).find((r) => r.id === id)!;
}

export type RuleResult = { ok: true } | { ok: false; error: string; field: string };

export async function setRule(id: unknown, enabled: unknown, threshold: unknown): Promise<RuleResult> {
  if (typeof id !== "string" || !Object.hasOwn(ALERT_RULES, id)) return { ok: false, error: "There is no such rule.", field: "id" };
  const info = ALERT_RULES[id as AlertRuleId].threshold;
  let value: number | null = null;
  if (info && threshold !== undefined && threshold !== null) {
    value = Number(threshold);
    if (!Number.isFinite(value) || value < info.min || value > info.max) {
      return { ok: false, error: `${info.label} is a number from ${info.min} to ${info.max} ${info.unit}.`, field: "threshold" };
    }
  }
  const data = { enabled: enabled === true, ...(value !== null ? { threshold: value } : {}) };
  await db().alertRule.upsert({ where: { id }, create: { id, ...data }, update: data });
  return { ok: true };
}

export async function mutedContainers(): Promise<string[]> {
  return (await db().alertMute.findMany({ orderBy: { container: "asc" } })).map((m) => m.container);
}

export async function setMuted(container: string, muted: boolean, by: string): Promise<void> {
  if (muted) await db().alertMute.upsert({ where: { container }, create: { container, mutedBy: by }, update: {} });
  else await db().alertMute.deleteMany({ where: { container } });
}
