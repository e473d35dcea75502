import { z } from "zod";

export const SCHEDULE_KINDS = ["snapshot", "backup"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export const FREQUENCIES = ["hourly", "daily", "weekly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** A schedule as the one-line form sets it: "daily at 03:00, keep 7". */
export const scheduleSpecSchema = z.object({
  frequency: z.enum(FREQUENCIES, { error: "Choose hourly, daily or weekly." }),
  /** "HH:MM"; for hourly only the minutes count. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time is HH:MM, from 00:00 to 23:59."),
  weekday: z.number().int().min(0).max(6).default(0),
  keep: z.number({ error: "Keep a whole number of them, 1 to 100." }).int("Keep a whole number of them, 1 to 100.").min(1, "Keep at least 1.").max(100, "Keep at most 100."),
  /** Backups of a running container: stop it for the copy, freeze it, or copy it live. Snapshots always stop it. */
  whileRunning: z.enum(["stop", "freeze", "live"]).default("stop"),
});

export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

function hourMinute(time: string): [number, number] {
  const [h, m] = time.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}

/** The cron pattern croner runs (minute hour day-of-month month day-of-week), in the host's time zone. */
export function cronPattern(spec: Pick<ScheduleSpec, "frequency" | "time" | "weekday">): string {
  const [h, m] = hourMinute(spec.time);
  if (spec.frequency === "hourly") return `${m} * * * *`;
  if (spec.frequency === "daily") return `${m} ${h} * * *`;
  return `${m} ${h} * * ${spec.weekday}`;
}

/** "hourly at :15, keep 24", "daily at 03:00, keep 7", "weekly on Sunday at 04:30, keep 4". */
export function describeSchedule(spec: Pick<ScheduleSpec, "frequency" | "time" | "weekday" | "keep">): string {
  const [, m] = hourMinute(spec.time);
  const when =
    spec.frequency === "hourly"
      ? `hourly at :${String(m).padStart(2, "0")}`
      : spec.frequency === "daily"
        ? `daily at ${spec.time}`
        : `weekly on ${WEEKDAYS[spec.weekday]} at ${spec.time}`;
  return `${when}, keep ${spec.keep}`;
}

/** A schedule as the Snapshots and Backups tabs show it. */
export interface ScheduleView {
  id: number;
  container: string;
  kind: ScheduleKind;
  spec: ScheduleSpec;
  description: string;
  nextRunAt: string;
  lastRunAt: string | null;
  lastOutcome: "ok" | "failed" | null;
  lastMessage: string | null;
}
