/** Attempts after an abnormal close before a tab gives up and says so. */
export const MAX_RECONNECT_ATTEMPTS = 10;

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/**
 * Wait before reconnect attempt `attempt` (1, 2, ...): doubling from half a
 * second up to ten, each scaled by a random 50–100 % so that many tabs cut off
 * by the same network blip do not all come back in the same millisecond.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
