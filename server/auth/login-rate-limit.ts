import { loadConfig } from "../config/load-config";
import { processSingleton } from "../process-singleton";

/**
 * Failed-login counting per key (an address, a user name) in a sliding window.
 * Once a key has `maxFailures` failures inside the window, every attempt for it
 * is refused — even with the right password — until the oldest of those
 * failures leaves the window. Refused attempts are not counted, so the lock
 * lifts one window after the failures, however often it is knocked on.
 *
 * In memory: one server process, and a restart forgetting failures is harmless
 * next to the scrypt cost of each guess.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly settings: { windowMs: number; maxFailures: number },
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Whether an attempt for every one of `keys` may go ahead now. */
  allows(keys: readonly string[]): boolean {
    return keys.every((key) => this.recent(key).length < this.settings.maxFailures);
  }

  /** Counts a failure for each key; returns its time, for `withdraw`. */
  recordFailure(keys: readonly string[]): number {
    this.forgetExpired();
    const at = this.now();
    for (const key of keys) this.failures.set(key, [...this.recent(key), at]);
    return at;
  }

  /** Takes back one failure recorded at `at` (an attempt counted in advance that turned out right). */
  withdraw(keys: readonly string[], at: number): void {
    for (const key of keys) {
      const times = this.failures.get(key);
      const i = times?.indexOf(at) ?? -1;
      if (times && i >= 0) times.splice(i, 1);
    }
  }

  /** A success proves the name's password is known, so its failures stop counting. */
  clear(key: string): void {
    this.failures.delete(key);
  }

  /** Milliseconds until every one of `keys` allows an attempt again (0 if they do now). */
  retryAfterMs(keys: readonly string[]): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key);
      if (times.length >= this.settings.maxFailures) {
        // The attempt is allowed once all but maxFailures-1 of the failures have aged out.
        const blocking = times[times.length - this.settings.maxFailures]!;
        wait = Math.max(wait, blocking + this.settings.windowMs - this.now());
      }
    }
    return wait;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.settings.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Drops keys whose failures are all outside the window, so a flood of names cannot grow the map forever. */
  private forgetExpired(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}

// The one limiter of this process (processSingleton): the custom server and
// Next's server bundle must count failures together.
type Holder = { windowMs: number; maxFailures: number; limiter: LoginRateLimiter };
const slot = (): { held?: Holder } => processSingleton("login-rate-limiter", () => ({}));

/** The process's login limiter, sized from the config (LOGIN_WINDOW_SECONDS, LOGIN_MAX_FAILURES). */
export function loginRateLimiter(): LoginRateLimiter {
  const { loginWindowSeconds, loginMaxFailures } = loadConfig();
  const windowMs = loginWindowSeconds * 1000;
  const s = slot();
  const held = s.held;
  if (held && held.windowMs === windowMs && held.maxFailures === loginMaxFailures) return held.limiter;
  const limiter = new LoginRateLimiter({ windowMs, maxFailures: loginMaxFailures });
  s.held = { windowMs, maxFailures: loginMaxFailures, limiter };
  return limiter;
}

/** Limiter keys: failures are counted per user name and per client address. */
export const nameKey = (name: string): string => `name:${name}`;
export const addressKey = (address: string | null): string => `address:${address ?? "unknown"}`;
