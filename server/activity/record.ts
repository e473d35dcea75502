import type { ActivityLevel } from "@/lib/activity-types";
import { db } from "../db";
import { publishLive } from "../live/live-bus";

/** What a row says; everything but `kind` and `message` may be left out. */
export interface ActivityInput {
  container?: string | null;
  /** "state", "exit", "created", "destroyed", "oom", or a service's own ("schedule", "autostart", "forward"...). */
  kind: string;
  /** One sentence, without the container's name or who: "stopped", "snapshot daily-3 made", "exited with status 137". */
  message: string;
  /** A user's name or a service ("scheduler", "autostart") when the dashboard did it; null: outside the dashboard. */
  actor?: string | null;
  level?: ActivityLevel;
  state?: string | null;
  exitStatus?: number | null;
  at?: Date;
}

/**
 * Writes one Activity row and tells every open tab. For other rooms too: a
 * scheduled snapshot that failed, a container started by autostart. A failed
 * write is logged, never thrown: the thing it records has happened.
 */
export async function recordActivity(entry: ActivityInput): Promise<void> {
  try {
    await db().activityEvent.create({
      data: {
        at: entry.at ?? new Date(),
        container: entry.container ?? null,
        kind: entry.kind,
        message: entry.message,
        actor: entry.actor ?? null,
        level: entry.level ?? "info",
        state: entry.state ?? null,
        exitStatus: entry.exitStatus ?? null,
      },
    });
    publishLive({ type: "activity", container: entry.container ?? null });
  } catch (err) {
    console.error("activity: could not record a row", entry, err);
  }
}

/** Rows older than `days` are removed (at start and daily): the log does not grow without end. */
export async function pruneActivity(days: number, now = new Date()): Promise<number> {
  const r = await db().activityEvent.deleteMany({ where: { at: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return r.count;
}
