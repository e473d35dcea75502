import { defaultBackupName } from "@/lib/backup-schemas";
import { describeSchedule, type ScheduleKind } from "@/lib/schedule-schemas";
import { raiseAlert } from "../alerts";
import { recordActivity } from "../activity/record";
import { recordEvent } from "../audit";
import { startBackup } from "../backups/backup-service";
import { getOperation } from "../containers/operations";
import type { Who } from "../containers/who";
import { startSnapshot } from "../snapshots/snapshot-service";
import { applyRetention } from "./retention";
import { nextRun, recordRun, specOf, type ScheduleRow } from "./schedule-store";

/** Every scheduled run is done by this actor: its audit rows, activity and alerts say so. */
export const SCHEDULER: Who = { actor: "scheduler", address: null };

export interface RunResult {
  outcome: "ok" | "failed";
  message: string;
  removed: string[];
}

/** Starts the same operation a click would (lock, audit row with the exact command, progress), with the scheduler as actor. */
async function startRun(row: ScheduleRow, now: Date) {
  const spec = specOf(row);
  const comment = describeSchedule(spec);
  if (row.kind === "snapshot") return startSnapshot(SCHEDULER, row.container, { comment, stopFirst: true }, row.id);
  // Named by the scheduler's clock, so runs never collide and sort as they ran.
  const name = `${defaultBackupName(row.container, now)}-s${row.id}`;
  return startBackup(SCHEDULER, row.container, { name, comment, whileRunning: spec.whileRunning }, row.id);
}

/**
 * One run of a schedule: the snapshot or backup, then retention (keep the
 * last N it made), then the row's last outcome and next run (croner's, from
 * `now`). A failure is an audit row, an activity row and an alert, and shows
 * on the container's tab with its message.
 */
export async function runSchedule(row: ScheduleRow, now: Date): Promise<RunResult> {
  const kind = row.kind as ScheduleKind;
  let result: RunResult;
  try {
    const started = await startRun(row, now);
    if (!started.ok) {
      await recordEvent({ ...SCHEDULER, action: kind, container: row.container, command: null, outcome: "failed", detail: started.error });
      result = { outcome: "failed", message: started.error, removed: [] };
    } else {
      const end = await getOperation(started.operationId)!.finished;
      const ok = end.outcome === "ok";
      const removed = ok ? await applyRetention(SCHEDULER, row.container, kind, row.id, row.keep) : [];
      result = { outcome: ok ? "ok" : "failed", message: end.message, removed };
    }
  } catch (err) {
    console.error(`scheduler: the ${kind} schedule of ${row.container} failed`, err);
    result = { outcome: "failed", message: `the scheduled ${kind} failed unexpectedly — see the server log`, removed: [] };
  }
  await recordRun(row.id, { at: now, outcome: result.outcome, message: result.message, nextRunAt: nextRun(specOf(row), now) });
  await report(row, kind, result);
  return result;
}

async function report(row: ScheduleRow, kind: ScheduleKind, result: RunResult): Promise<void> {
  const removed = result.removed.length > 0 ? `; removed ${result.removed.join(", ")} (keep ${row.keep})` : "";
  await recordActivity({
    container: row.container,
    kind: "schedule",
    actor: SCHEDULER.actor,
    level: result.outcome === "ok" ? "info" : "error",
    message: result.outcome === "ok" ? `scheduled ${kind}: ${result.message}${removed}` : `scheduled ${kind} failed: ${result.message}`,
  });
  if (result.outcome === "failed") {
    await raiseAlert({
      rule: "scheduled-job-failed",
      container: row.container,
      title: `${row.container}: scheduled ${kind} failed`,
      body: result.message,
      level: "error",
    });
  }
}
