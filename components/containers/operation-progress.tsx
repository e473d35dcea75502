"use client";

import Link from "next/link";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { cancelOperation } from "@/app/operations/actions";
import type { OperationEvent } from "@/lib/api-types";
import { formatBytes } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { useContainerAction } from "./use-container-action";
import { useContainerDetail } from "./container-queries";

type Line = Extract<OperationEvent, { type: "line" }>;
type Progress = Extract<OperationEvent, { type: "progress" }>;
export type OperationEnd = Extract<OperationEvent, { type: "end" }>;

/** Lines kept on the page; the server keeps about as many for a late watcher. */
const MAX_LINES = 5000;
/** Within this many pixels of the bottom the log follows new lines; further up, the reader is reading. */
const FOLLOW_SLACK_PX = 40;

/**
 * Streams an operation's output (server-sent events), follows it to the end,
 * shows a progress bar when the work reports how far it is, offers Cancel
 * while it runs (when `cancellable`), and at the end says how it went: by
 * default, for a create, a link to the new container.
 */
export function OperationProgress({
  operationId,
  container,
  startsAfter = false,
  verb = "Creating",
  cancellable = true,
  succeeded,
  onEnd,
}: {
  operationId: string;
  container: string;
  /** The operation starts the container itself once created. */
  startsAfter?: boolean;
  /** What the operation does, as the heading says it while it runs ("Creating", "Backing up"…). */
  verb?: string;
  cancellable?: boolean;
  /** What to show once it succeeded, instead of the new container's link. */
  succeeded?: (end: OperationEnd) => ReactNode;
  onEnd: (end: OperationEnd) => void;
}) {
  const [lines, setLines] = useState<Line[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [end, setEnd] = useState<OperationEnd | null>(null);
  const [connectionLost, setConnectionLost] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const onEndRef = useRef(onEnd);
  useLayoutEffect(() => {
    onEndRef.current = onEnd;
  }, [onEnd]);
  const queryClient = useQueryClient();
  const toast = useToast();

  useEffect(() => {
    const source = new EventSource(`/api/operations/${encodeURIComponent(operationId)}/events`);
    // Every (re)connection replays the output from the start, so start over.
    source.onopen = () => {
      setLines([]);
      setConnectionLost(false);
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as OperationEvent;
      if (event.type === "line") {
        setLines((ls) => (ls.length >= MAX_LINES ? [...ls.slice(1 - MAX_LINES), event] : [...ls, event]));
        return;
      }
      if (event.type === "progress") {
        setProgress(event);
        return;
      }
      source.close();
      setEnd(event);
      void queryClient.invalidateQueries({ queryKey: queryKeys.containers() });
      onEndRef.current(event);
    };
    // EventSource reconnects by itself; say so meanwhile.
    source.onerror = () => setConnectionLost(source.readyState !== EventSource.CLOSED);
    return () => source.close();
  }, [operationId, queryClient]);

  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  async function cancel() {
    setCancelling(true);
    const result = await cancelOperation(operationId).catch(() => ({
      ok: false as const,
      error: "The cancel request did not reach the server; try again.",
    }));
    if (!result.ok) {
      setCancelling(false);
      toast({ tone: "error", content: result.error });
    }
  }

  const what = `${verb.toLowerCase()} ${container}`;
  return (
    <section aria-labelledby={`progress-${operationId}`} className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4">
      <div className="flex items-center gap-3">
        <h2 id={`progress-${operationId}`} className="flex items-center gap-2 text-sm font-semibold">
          {!end && <Spinner />}
          {end ? "Finished" : cancelling ? "Cancelling" : verb} <span className="font-mono">{container}</span>
        </h2>
        {!end && cancellable && (
          <Button size="sm" className="ml-auto" onClick={cancel} disabled={cancelling}>
            Cancel
          </Button>
        )}
      </div>

      {progress && !end && <ProgressBar progress={progress} label={`Progress of ${what}`} />}

      <div
        ref={logRef}
        role="log"
        aria-label={`Output of ${what}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
        }}
        className="h-40 overflow-y-auto rounded bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100 sm:h-56"
      >
        {lines.length === 0 && !end && <div className="text-zinc-400">Waiting for output…</div>}
        {lines.map((l, i) => (
          <div key={i} className={`whitespace-pre-wrap break-all ${l.stream === "stderr" ? "text-amber-300" : ""}`}>
            {l.text}
          </div>
        ))}
      </div>

      {connectionLost && !end && (
        <p className="text-sm text-amber-700 dark:text-amber-300">
          The connection to the server dropped; reconnecting (the operation carries on meanwhile).
        </p>
      )}
      {end &&
        (end.outcome === "ok" ? (
          (succeeded?.(end) ?? <Created name={end.container} message={end.message} startsAfter={startsAfter} />)
        ) : (
          <Failed end={end} />
        ))}
    </section>
  );
}

/** A bar with the bytes done (and of how many); indeterminate while the total is unknown. */
export function ProgressBar({ progress, label }: { progress: { done: number; total: number | null }; label: string }) {
  const { done, total } = progress;
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="h-2 flex-1 overflow-hidden rounded bg-panel-raised"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent ?? 100}%`, opacity: percent === null ? 0.4 : 1 }} />
      </div>
      <span className="w-44 text-right font-mono text-xs text-muted tabular-nums">
        {formatBytes(done)}
        {total ? ` of ${formatBytes(total)}` : ""}
      </span>
    </div>
  );
}

function Failed({ end }: { end: OperationEnd }) {
  return (
    <p role="alert" className={`text-sm ${end.outcome === "failed" ? "text-red-700 dark:text-red-300" : "text-muted"}`}>
      {end.message}{" "}
      <Link href={`/audit?container=${encodeURIComponent(end.container)}`} className="underline">
        See the log
      </Link>
      .
    </p>
  );
}

/** The new container, a link to it, and Start when it was not started automatically. */
function Created({ name, message, startsAfter }: { name: string; message: string; startsAfter: boolean }) {
  const detail = useContainerDetail(name);
  const action = useContainerAction(name);
  const state = detail.data?.state;
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 text-sm">
      <span className="text-green-700 dark:text-green-300">{message}.</span>
      <Link href={`/containers/${name}`} className="font-medium text-accent hover:underline">
        Open {name}
      </Link>
      {!startsAfter && state === "STOPPED" && (
        <Button
          size="sm"
          variant="primary"
          disabled={action.pending !== null || Boolean(detail.data?.busy)}
          onClick={() => action.run("start")}
        >
          Start
        </Button>
      )}
    </div>
  );
}
