import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "../process-singleton";
import { ContainerBusy } from "./errors";

/**
 * One operation at a time per container, first come first served. One set of
 * locks per process (processSingleton), shared by the custom server and Next's bundle.
 *
 * Re-entrant within one async flow: a create holds the lock while it makes the
 * container and then calls startContainer(), which takes the same lock again;
 * the inner call runs at once instead of waiting for itself.
 */

interface Hold {
  released: boolean;
}

interface LockState {
  /** Per container, a promise that settles when the last queued holder releases. */
  tails: Map<string, Promise<void>>;
  /** Per container, the label of the operation holding the lock now. */
  busy: Map<string, string>;
  /** The holds of the current async flow. */
  held: AsyncLocalStorage<ReadonlyMap<string, Hold>>;
  /** Told whenever `busy` changes (the push stream shows the labels live). */
  listeners: Set<() => void>;
}

function state(): LockState {
  return processSingleton<LockState>("container-locks", () => ({
    tails: new Map(),
    busy: new Map(),
    held: new AsyncLocalStorage(),
    listeners: new Set(),
  }));
}

const DEFAULT_LABEL = "busy";

/** Runs `fn` once every earlier operation on this container has finished. */
export function withContainerLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
export function withContainerLock<T>(name: string, action: string, fn: () => Promise<T>): Promise<T>;
export async function withContainerLock<T>(
  name: string,
  actionOrFn: string | (() => Promise<T>),
  maybeFn?: () => Promise<T>,
): Promise<T> {
  const [action, fn] = typeof actionOrFn === "string" ? [actionOrFn, maybeFn!] : [DEFAULT_LABEL, actionOrFn];
  const s = state();
  const mine = s.held.getStore()?.get(name);
  if (mine && !mine.released) return fn();

  const previous = s.tails.get(name);
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const tail = previous ? previous.then(() => done) : done;
  s.tails.set(name, tail);

  // A free lock is taken synchronously, so busyContainers() shows it at once.
  if (previous) await previous;
  const hold: Hold = { released: false };
  s.busy.set(name, action);
  busyChanged(s);
  try {
    const holds = new Map(s.held.getStore());
    holds.set(name, hold);
    return await s.held.run(holds, fn);
  } finally {
    hold.released = true;
    s.busy.delete(name);
    busyChanged(s);
    if (s.tails.get(name) === tail) s.tails.delete(name);
    release();
  }
}

/** Like withContainerLock, but throws ContainerBusy instead of waiting when another operation runs. */
export function withContainerLockIfFree<T>(name: string, action: string, fn: () => Promise<T>): Promise<T> {
  const s = state();
  const mine = s.held.getStore()?.get(name);
  if (s.tails.has(name) && !(mine && !mine.released)) {
    return Promise.reject(new ContainerBusy(name, s.busy.get(name) ?? DEFAULT_LABEL));
  }
  return withContainerLock(name, action, fn);
}

/** Containers with an operation of ours running now: name → its label. */
export function busyContainers(): Map<string, string> {
  return new Map(state().busy);
}

/** Holds the locks of several containers (a source and a new name, say), taken in one order everywhere so two such operations never wait on each other. */
export function withContainerLocks<T>(names: readonly string[], action: string, fn: () => Promise<T>): Promise<T> {
  const ordered = [...new Set(names)].sort();
  const take = (i: number): Promise<T> => (i === ordered.length ? fn() : withContainerLock(ordered[i]!, action, () => take(i + 1)));
  return take(0);
}

function busyChanged(s: LockState): void {
  for (const listener of s.listeners) listener();
}

/** Calls `listener` whenever an operation takes or releases a container; returns the unregister function. */
export function onBusyChange(listener: () => void): () => void {
  const s = state();
  s.listeners.add(listener);
  return () => void s.listeners.delete(listener);
}
