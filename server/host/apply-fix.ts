import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CheckId, ReadinessRow } from "@/lib/host-readiness";
import { formatArgv } from "@/lib/create-command";
import { finishAudit, startAudit } from "../audit";
import type { Who } from "../containers/who";
import { CommandFailed } from "../lxc/errors";
import { runTool } from "../lxc/run-tool";
import { joinCgroups } from "./cgroup-delegation";
import { checkContext, type FixPlan } from "./check-context";
import { forgetHostReadiness, runCheck } from "./readiness";

export type FixResult = { ok: true; message: string; row: ReadinessRow } | { ok: false; error: string; row: ReadinessRow | null };

/** The exact commands a plan runs, for the audit log. */
function planCommand(plan: FixPlan, display: string): string {
  return plan.kind === "commands" ? plan.steps.map((s) => formatArgv(s.argv)).join("; ") : display;
}

/** Writes beside the file and renames over it, keeping the old one as .bak: never half a config. */
async function writeFileSafely(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await copyFile(file, `${file}.bak`).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o644, flag: "wx" });
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}

/** Runs a plan; throws with the reason when a step fails (later steps are not run). */
async function execute(plan: FixPlan): Promise<void> {
  switch (plan.kind) {
    case "commands":
      for (const step of plan.steps) {
        const result = await runTool(step.argv);
        if (result.exitCode !== 0 && !step.mayFail) throw new CommandFailed(step.argv, result.exitCode, result.stderr || result.stdout);
      }
      return;
    case "write-file":
      return writeFileSafely(plan.file, plan.content);
    case "join-cgroups": {
      const failures = await joinCgroups(plan.dirs);
      if (failures.length > 0) throw new Error(`could not join ${failures.join(", ")}`);
      return;
    }
  }
}

/**
 * Applies the fix of one check for the user this process runs as. The check
 * runs afresh first, so only a fix it still offers (and this process may
 * run) is run; the audit row holds the exact command; the check runs again
 * afterwards to say whether it worked.
 */
export async function applyHostFix(id: CheckId, who: Who): Promise<FixResult> {
  const ctx = await checkContext({ dashboard: true });
  const before = await runCheck(id, ctx);
  if (before.row.state === "ok") return { ok: true, message: `${before.row.title}: already ok`, row: before.row };
  if (!before.plan || !before.row.fix) {
    const error = before.row.fix
      ? `The dashboard runs as ${ctx.user.name} and may not run this fix; run the command on the host.`
      : "No command fixes this; see what was found.";
    return { ok: false, error, row: before.row };
  }
  const command = planCommand(before.plan, before.row.fix);
  const auditId = await startAudit({ ...who, action: `host fix: ${id}`, command });
  try {
    await execute(before.plan);
  } catch (err) {
    const failed = err instanceof CommandFailed ? err : null;
    const error = err instanceof Error ? err.message : String(err);
    await finishAudit(auditId, { outcome: "failed", exitCode: failed?.exitCode ?? null, stderr: failed?.stderr ?? null, detail: error });
    forgetHostReadiness();
    return { ok: false, error: `The fix failed: ${error}`, row: (await runCheck(id, ctx)).row };
  }
  forgetHostReadiness();
  const after = (await runCheck(id, ctx)).row;
  if (after.state !== "ok") {
    await finishAudit(auditId, { outcome: "failed", exitCode: 0, detail: `ran, but the check still says: ${after.found}` });
    return { ok: false, error: `The fix ran, but the check still says: ${after.found}`, row: after };
  }
  await finishAudit(auditId, { outcome: "ok", exitCode: 0 });
  return { ok: true, message: `${after.title}: fixed`, row: after };
}
