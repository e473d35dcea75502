/**
 * Linux reports CPU times in /proc in USER_HZ ticks, which is 100 on every
 * architecture Node.js runs on (only alpha and ia64 used 1024), so this is
 * what `getconf CLK_TCK` prints; assuming it avoids a spawn at start-up.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU% the way top computes it in its default Irix mode: the share of one CPU
 * used over the interval, so a process busy on two CPUs shows 200.
 */
export function cpuPercent(deltaTicks: number, elapsedMs: number, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  if (elapsedMs <= 0 || deltaTicks <= 0) return 0;
  return (deltaTicks / ticksPerSecond / (elapsedMs / 1000)) * 100;
}
