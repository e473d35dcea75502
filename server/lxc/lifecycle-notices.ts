import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "../process-singleton";
import type { LifecycleAction } from "./types";

/**
 * Tells whoever keeps state (server/live) that the dashboard itself is about
 * to change a container, and that it has: the store then updates at once and
 * marks the change as the dashboard's, by whom ("admin", "scheduler",
 * "autostart"), instead of "outside the dashboard". server/lxc never imports
 * the listeners; they register here.
 */
export interface LifecycleNotice {
  lxcpath: string;
  name: string;
  action: LifecycleAction | "create";
  phase: "before" | "after";
  /** Who asked (a user's name, or a service such as "scheduler"). */
  actor: string;
  /** After: whether the command succeeded. */
  ok?: boolean;
}

type Listener = (notice: LifecycleNotice) => void;

interface Notices {
  listeners: Set<Listener>;
  actor: AsyncLocalStorage<string>;
}

function notices(): Notices {
  return processSingleton<Notices>("lifecycle-notices", () => ({ listeners: new Set(), actor: new AsyncLocalStorage() }));
}

/** Registers `listener`; returns the function that unregisters it. */
export function onLifecycleNotice(listener: Listener): () => void {
  notices().listeners.add(listener);
  return () => void notices().listeners.delete(listener);
}

/** Runs `fn` with `actor` as the one every lifecycle action inside it is attributed to. */
export function actingAs<T>(actor: string, fn: () => Promise<T>): Promise<T> {
  return notices().actor.run(actor, fn);
}

/** The actor of the current async flow ("dashboard" when nobody said). */
export function currentActor(): string {
  return notices().actor.getStore() ?? "dashboard";
}

/** Tells every listener; a listener's failure is logged, never thrown into the action. */
export function notifyLifecycle(notice: Omit<LifecycleNotice, "actor"> & { actor?: string }): void {
  const full: LifecycleNotice = { ...notice, actor: notice.actor ?? currentActor() };
  for (const listener of notices().listeners) {
    try {
      listener(full);
    } catch (err) {
      console.error("lifecycle: a listener failed", err);
    }
  }
}
