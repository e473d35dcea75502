import { peekProcessSingleton, setProcessSingleton } from "../process-singleton";
import { removeStalePartials } from "../backups/backup-dir";
import { runSchedule } from "./run-schedule";
import { dueSchedules } from "./schedule-store";

/** How often the scheduler looks for due schedules; a run starts at most this late. */
const TICK_MS = 30_000;

export interface SchedulerHandle {
  /** The start-up pass (stale partial archives removed, then what was missed run once); resolves with how many ran. */
  started: Promise<number>;
  /** Runs what is due at the clock's now (each due schedule once), one after the other; resolves with how many ran. */
  tick(): Promise<number>;
  stop(): void;
}

/** Runs every schedule due at `now`, one at a time: a run missed while the dashboard was down is due once, not once per missed slot. */
export async function runDue(now: Date): Promise<number> {
  let ran = 0;
  for (const row of await dueSchedules(now)) {
    await runSchedule(row, now);
    ran++;
  }
  return ran;
}

/**
 * The dashboard's scheduler, one per process: at start it removes partial
 * archives a killed dashboard left and runs what was missed, then looks for
 * due schedules every 30 s. `clock` is injectable for tests.
 */
export function startScheduler(options: { clock?: () => Date; tickMs?: number } = {}): SchedulerHandle {
  const existing = peekProcessSingleton<SchedulerHandle>("scheduler");
  if (existing) return existing;
  const clock = options.clock ?? (() => new Date());
  let current: Promise<number> = Promise.resolve(0);
  const tick = () => {
    // Never two passes at once: a long backup delays the next pass instead of doubling it.
    current = current.then(() => runDue(clock())).catch((err: unknown) => {
      console.error("scheduler: a pass failed", err);
      return 0;
    });
    return current;
  };
  const started = removeStalePartials()
    .then((stale) => stale.length > 0 && console.log(`Removed ${stale.length} partial backup file(s) a stopped dashboard left.`))
    .catch((err: unknown) => console.error("scheduler: could not look for partial backups", err))
    .then(() => tick());
  const timer = setInterval(() => void tick(), options.tickMs ?? TICK_MS);
  timer.unref();
  const handle: SchedulerHandle = {
    started,
    tick,
    stop: () => {
      clearInterval(timer);
      setProcessSingleton("scheduler", undefined);
    },
  };
  setProcessSingleton("scheduler", handle);
  return handle;
}
