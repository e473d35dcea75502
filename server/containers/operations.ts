import { randomUUID } from "node:crypto";
import type { OperationEvent } from "@/lib/api-types";
import { processSingleton } from "../process-singleton";

/**
 * Long-running work (creating a container) as an operation: its output lines
 * are kept (bounded) and fanned out to any number of watchers, late ones get
 * the lines so far, and it can be cancelled. One registry per process (processSingleton).
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
  /** Settles with the end event (never rejects): for a caller that waits, such as the scheduler. */
  finished: Promise<EndEvent>;
}

function operations(): Map<string, Operation> {
  return processSingleton("operations", () => new Map<string, Operation>());
}

function emit(op: Operation, e: OperationEvent): void {
  // Progress replaces the progress before it: a late watcher needs only the latest.
  if (e.type === "progress" && op.events.at(-1)?.type === "progress") op.events.pop();
  op.events.push(e);
  if (op.events.length > MAX_KEPT_EVENTS) op.events.splice(0, op.events.length - MAX_KEPT_EVENTS);
  for (const l of op.listeners) l(e);
}

export interface OperationContext {
  line(stream: "stdout" | "stderr", text: string): void;
  progress(done: number, total: number | null): void;
  signal: AbortSignal;
}

/** Starts `work` now; returns at once with the operation's id. `work` never rejects the caller. */
export function startOperation(
  container: string,
  work: (ctx: OperationContext) => Promise<Omit<EndEvent, "type" | "container">>,
): Operation {
  let settle!: (end: EndEvent) => void;
  const op: Operation = {
    id: randomUUID(),
    container,
    events: [],
    ended: null,
    listeners: new Set(),
    controller: new AbortController(),
    finished: new Promise<EndEvent>((resolve) => (settle = resolve)),
  };
  operations().set(op.id, op);
  const ctx: OperationContext = {
    line: (stream, text) => emit(op, { type: "line", stream, text }),
    progress: (done, total) => emit(op, { type: "progress", done, total }),
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
      settle(op.ended);
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
