import { loadConfig } from "../config/load-config";
import { LoginRateLimiter } from "./login-rate-limit";

// The one limiter of this process, on globalThis: the custom server and Next's
// server bundle each load this module, and must count failures together.
const key = Symbol.for("lxc-dashboard.login-limiter");
type Holder = { windowMs: number; maxFailures: number; limiter: LoginRateLimiter };
type WithLimiter = typeof globalThis & { [key]?: Holder };

/** The process's login limiter, sized from the config (LOGIN_WINDOW_SECONDS, LOGIN_MAX_FAILURES). */
export function loginLimiter(): LoginRateLimiter {
  const { loginWindowSeconds, loginMaxFailures } = loadConfig();
  const windowMs = loginWindowSeconds * 1000;
  const g = globalThis as WithLimiter;
  const held = g[key];
  if (held && held.windowMs === windowMs && held.maxFailures === loginMaxFailures) return held.limiter;
  const limiter = new LoginRateLimiter({ windowMs, maxFailures: loginMaxFailures });
  g[key] = { windowMs, maxFailures: loginMaxFailures, limiter };
  return limiter;
}

/** Limiter keys: failures are counted per user name and per client address. */
export const nameKey = (name: string): string => `name:${name}`;
export const addressKey = (address: string | null): string => `address:${address ?? "unknown"}`;
