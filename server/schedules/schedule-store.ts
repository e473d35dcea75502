import { Cron } from "croner";
import { cronPattern, describeSchedule, type ScheduleKind, type ScheduleSpec, type ScheduleView } from "@/lib/schedule-schemas";
import { db } from "../db";
import { publishDataChanged } from "../live/data-changed";

export interface ScheduleRow {
  id: number;
  container: string;
  kind: string;
  frequency: string;
  hour: number;
  minute: number;
  weekday: number;
  keep: number;
  whileRunning: string;
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastOutcome: string | null;
  lastMessage: string | null;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function specOf(row: ScheduleRow): ScheduleSpec {
  return {
    frequency: row.frequency as ScheduleSpec["frequency"],
    time: `${pad(row.hour)}:${pad(row.minute)}`,
    weekday: row.weekday,
    keep: row.keep,
    whileRunning: row.whileRunning as ScheduleSpec["whileRunning"],
  };
}

/** When a schedule runs next after `from`: croner's answer for its pattern (no date arithmetic of our own). */
export function nextRun(spec: ScheduleSpec, from: Date): Date {
  const next = new Cron(cronPattern(spec), { paused: true }).nextRun(from);
  if (!next) throw new Error(`the pattern ${cronPattern(spec)} has no next run`);
  return next;
}

export function scheduleView(row: ScheduleRow): ScheduleView {
  const spec = specOf(row);
  return {
    id: row.id,
    container: row.container,
    kind: row.kind as ScheduleKind,
    spec,
    description: describeSchedule(spec),
    nextRunAt: row.nextRunAt.toISOString(),
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastOutcome: (row.lastOutcome as ScheduleView["lastOutcome"]) ?? null,
    lastMessage: row.lastMessage,
  };
}

/** Sets the container's schedule of this kind (one of each per container); its next run counted from `now`. */
export async function saveSchedule(container: string, kind: ScheduleKind, spec: ScheduleSpec, now: Date): Promise<ScheduleRow> {
  const [hour, minute] = spec.time.split(":").map(Number) as [number, number];
  const data = { frequency: spec.frequency, hour, minute, weekday: spec.weekday, keep: spec.keep, whileRunning: spec.whileRunning, nextRunAt: nextRun(spec, now) };
  const row = await db().schedule.upsert({ where: { container_kind: { container, kind } }, create: { container, kind, ...data }, update: data });
  publishDataChanged("schedules", container);
  return row;
}

export async function deleteSchedule(container: string, kind: ScheduleKind): Promise<boolean> {
  const r = await db().schedule.deleteMany({ where: { container, kind } });
  if (r.count > 0) publishDataChanged("schedules", container);
  return r.count > 0;
}

export async function schedulesOf(container: string): Promise<ScheduleRow[]> {
  return db().schedule.findMany({ where: { container }, orderBy: { kind: "asc" } });
}

export async function dueSchedules(now: Date): Promise<ScheduleRow[]> {
  return db().schedule.findMany({ where: { nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" } });
}

export async function recordRun(id: number, run: { at: Date; outcome: "ok" | "failed"; message: string; nextRunAt: Date }): Promise<void> {
  const row = await db().schedule.update({ where: { id }, data: { lastRunAt: run.at, lastOutcome: run.outcome, lastMessage: run.message, nextRunAt: run.nextRunAt } });
  publishDataChanged("schedules", row.container);
}
