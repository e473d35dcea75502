/**
 * When a failed delivery is tried again: 15 s, 1 min, 5 min, 15 min, 30 min,
 * then hourly; after MAX_ATTEMPTS it is given up (and the log says so).
 */
const DELAYS_MS = [15_000, 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000];
const HOURLY_MS = 60 * 60_000;
export const MAX_ATTEMPTS = 10;

/** After `attempts` failed attempts (1 = the first failed): when to try next, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = DELAYS_MS[attempts - 1] ?? HOURLY_MS;
  return new Date(now.getTime() + delay);
}
