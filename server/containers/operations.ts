import { randomUUID } from "node:crypto";
import type { OperationEvent } from "@/lib/api-types";

/**
 * Long-running work (creating a container) as an operation: its output lines
 * are kept (bounded) and fanned out to any number of watchers, late ones get
 * the lines so far, and it can be cancelled. Kept on globalThis because Next's
 * server bundle and the custom server each load this module.
 */

/** Lines kept for a late watcher; older ones are dropped (the audit row keeps stderr). */
const MAX_KEPT_EVENTS = 5000;
/** A finished operation stays readable this long for a page that reconnects. */
const KEEP_FINISHED_MS = 10 * 60_000;

type EndEvent = Extract<OperationEvent, { type: "end" }>;
type Listener = (e: OperationEvent) => void;

export interface Operation {
  id: string;
  container: string;
  events: OperationEvent[];
  ended: EndEvent | null;
  listeners: Set<Listener>;
  controller: AbortController;
}

const key = Symbol.for("lxc-dashboard.operations");
type WithOps = typeof globalThis & { [key]?: Map<string, Operation> };
function operations(): Map<string, Operation> {
  const g = globalThis as WithOps;
  g[key] ??= new Map();
  return g[key];
}

function emit(op: Operation, e: OperationEvent): void {
  op.events.push(e);
  if (op.events.length > MAX_KEPT_EVENTS) op.events.splice(0, op.events.length - MAX_KEPT_EVENTS);
  for (const l of op.listeners) l(e);
}

export interface OperationContext {
  line(stream: "stdout" | "stderr", text: string): void;
  signal: AbortSignal;
}

/** Starts `work` now; returns at once with the operation's id. `work` never rejects the caller. */
export function startOperation(
  container: string,
  work: (ctx: OperationContext) => Promise<Omit<EndEvent, "type" | "container">>,
): Operation {
  const op: Operation = {
    id: randomUUID(),
    container,
    events: [],
    ended: null,
    listeners: new Set(),
    controller: new AbortController(),
  };
  operations().set(op.id, op);
  const ctx: OperationContext = {
    line: (stream, text) => emit(op, { type: "line", stream, text }),
    signal: op.controller.signal,
  };
  void work(ctx)
    .catch((err: unknown) => {
      // An unexpected error's text (a database or file message with paths) is
      // for the server's log, not for every browser watching the operation.
      console.error(`operation on ${container} failed:`, err);
      return { outcome: "failed" as const, message: `${container}: the operation failed unexpectedly — see the server log.` };
    })
    .then((end) => {
      op.ended = { type: "end", container, ...end };
      emit(op, op.ended);
      op.listeners.clear();
      setTimeout(() => operations().delete(op.id), KEEP_FINISHED_MS).unref();
    });
  return op;
}

export function getOperation(id: string): Operation | undefined {
  return operations().get(id);
}

/** Running operations by container name, for the list's busy labels. */
export function runningOperations(): Operation[] {
  return [...operations().values()].filter((op) => !op.ended);
}

/** Replays what happened so far, then follows; returns the unsubscribe function. */
export function watchOperation(op: Operation, listener: Listener): () => void {
  for (const e of op.events) listener(e);
  if (op.ended) return () => {};
  op.listeners.add(listener);
  return () => op.listeners.delete(listener);
}
