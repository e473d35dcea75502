import type { SettingsActionResult } from "@/lib/container-settings";
import { containerNameProblem } from "@/lib/container-name";
import type { DiffLine } from "@/lib/line-diff";
import { isLxcError } from "../lxc";
import { planSettings, SettingsRefused, writeSettings } from "../lxc/container-settings";
import { finishAudit, recordEvent, startAudit } from "../audit";
import { failureFields } from "./failure-fields";
import type { Who } from "./who";

/**
 * The settings page's two steps: the diff of what would change (nothing is
 * written, nothing audited), then the write of exactly that change, audited
 * with a description of it (a save refused before writing gets its row too).
 */

function refusal(err: unknown): { ok: false; error: string; fieldErrors: SettingsRefused["fieldErrors"] } | null {
  if (err instanceof SettingsRefused) return { ok: false, error: err.message, fieldErrors: err.fieldErrors };
  if (isLxcError(err)) return { ok: false, error: err.message, fieldErrors: {} };
  return null;
}

export async function previewSettings(
  name: string,
  input: unknown,
): Promise<SettingsActionResult<{ diff: DiffLine[]; fingerprint: string; description: string }>> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem, fieldErrors: {} };
  try {
    const plan = await planSettings(name, input);
    return { ok: true, diff: plan.diff, fingerprint: plan.fingerprint, description: plan.description };
  } catch (err) {
    const r = refusal(err);
    if (r) return r;
    throw err;
  }
}

export async function saveSettings(
  who: Who,
  name: string,
  input: unknown,
  fingerprint: string,
): Promise<SettingsActionResult<{ message: string }>> {
  const preview = await previewSettings(name, input);
  if (!preview.ok) {
    // A save refused before any write (the container gone or running, a bad field) is an action too: one row.
    await recordEvent({ ...who, action: "settings", container: containerNameProblem(name) ? null : name, outcome: "failed", detail: preview.error });
    return preview;
  }
  const auditId = await startAudit({ ...who, action: "settings", container: name, command: `edit the config: ${preview.description}` });
  try {
    const plan = await writeSettings(name, input, String(fingerprint));
    await finishAudit(auditId, { outcome: "ok", detail: `${plan.configPath}: ${plan.description}` });
    return { ok: true, message: `${name}: settings written (${plan.description})` };
  } catch (err) {
    const r = refusal(err);
    await finishAudit(auditId, { outcome: "failed", ...(isLxcError(err) ? failureFields(err) : { detail: r?.error ?? "internal error" }) });
    if (r) return r;
    throw err;
  }
}
