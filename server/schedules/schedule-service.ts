import type { ActionResult } from "@/lib/api-types";
import { containerNameProblem } from "@/lib/container-name";
import { cronPattern, describeSchedule, SCHEDULE_KINDS, scheduleSpecSchema, type ScheduleKind, type ScheduleView } from "@/lib/schedule-schemas";
import { containerExists } from "../lxc";
import { runAuditedAction } from "../containers/audited-action";
import type { Who } from "../containers/who";
import { deleteSchedule, saveSchedule, scheduleView, schedulesOf } from "./schedule-store";

function kindOf(kind: unknown): ScheduleKind | null {
  return SCHEDULE_KINDS.includes(kind as ScheduleKind) ? (kind as ScheduleKind) : null;
}

/** Sets a container's snapshot or backup schedule from the one-line form; every field checked first, an audit row with its cron pattern. */
export async function setSchedule(who: Who, container: string, kind: unknown, input: unknown, now = new Date()): Promise<ActionResult> {
  const problem = containerNameProblem(container);
  if (problem) return { ok: false, error: problem, field: "name" };
  const k = kindOf(kind);
  if (!k) return { ok: false, error: "A schedule makes snapshots or backups.", field: "kind" };
  const parsed = scheduleSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue?.message ?? "Invalid schedule.", field: String(issue?.path[0] ?? "form") };
  }
  if (!(await containerExists(container))) return { ok: false, error: `container ${container} no longer exists`, field: "name" };
  const spec = parsed.data;
  const command = `schedule ${k}s of ${container}: cron "${cronPattern(spec)}", keep ${spec.keep}${k === "backup" ? `, running: ${spec.whileRunning}` : ""}`;
  return runAuditedAction(who, { action: "schedule", container, command }, async () => {
    await saveSchedule(container, k, spec, now);
    return `${container}: ${k}s ${describeSchedule(spec)}`;
  });
}

export async function clearSchedule(who: Who, container: string, kind: unknown): Promise<ActionResult> {
  const problem = containerNameProblem(container);
  if (problem) return { ok: false, error: problem, field: "name" };
  const k = kindOf(kind);
  if (!k) return { ok: false, error: "A schedule makes snapshots or backups.", field: "kind" };
  return runAuditedAction(who, { action: "schedule", container, command: `no scheduled ${k}s of ${container}` }, async () => {
    await deleteSchedule(container, k);
    return `${container}: no scheduled ${k}s`;
  });
}

export async function schedulesView(container: string): Promise<ScheduleView[]> {
  return (await schedulesOf(container)).map(scheduleView);
}
