/**
 * Process-wide state that must exist once.
 *
 * This process loads most of server/ twice: once for the custom server
 * (server/index.ts: the terminal WebSocket, the watchers, the schedulers) and
 * once inside Next's server bundle (pages, route handlers, server actions).
 * A module-level `let` or `new Map()` would therefore exist twice, and the two
 * halves of the dashboard would disagree (two Prisma clients, two sets of
 * container locks, tickets minted in one copy and looked for in the other).
 *
 * Anything that must be one per process is made through this helper instead:
 *
 *   const locks = processSingleton("container-locks", () => new Map<string, Lock>());
 *
 * The first caller's `create` runs; every later caller, from either copy of
 * the module, gets the same value. Names are global to the process: pick one
 * that says what the value is.
 */
const REGISTRY = Symbol.for("lxc-dashboard.process-singletons");

type Registry = Map<string, unknown>;

function registry(): Registry {
  const g = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  g[REGISTRY] ??= new Map();
  return g[REGISTRY];
}

/** The one value named `name` in this process, made by `create` the first time it is asked for. */
export function processSingleton<T>(name: string, create: () => T): T {
  const r = registry();
  if (!r.has(name)) r.set(name, create());
  return r.get(name) as T;
}

/** Replaces (or, with `undefined`, forgets) the value named `name`: for a service that is started, stopped and started again. */
export function setProcessSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) registry().delete(name);
  else registry().set(name, value);
}

/** The value named `name` if something has made it, else undefined (never creates). */
export function peekProcessSingleton<T>(name: string): T | undefined {
  return registry().get(name) as T | undefined;
}
