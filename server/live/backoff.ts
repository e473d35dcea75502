/** Exponential backoff with a ceiling: 1 s, 2 s, 4 s ... `maxMs`; the first try after a reset waits `initialMs`. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}
