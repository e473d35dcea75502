"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { signalProcess } from "@/app/containers/[name]/processes/actions";
import { killCommand, type ProcessRow, type ProcessSignal } from "@/lib/process-types";
import { queryKeys } from "@/lib/query-keys";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { uidMappingText } from "./process-format";

/** A signal the admin clicked, waiting for confirmation. */
export interface SignalTarget {
  row: ProcessRow;
  signal: ProcessSignal;
}

const WHAT_IT_DOES: Record<ProcessSignal, string> = {
  SIGTERM: "asks the process to end; it may clean up first, or ignore it.",
  SIGKILL: "ends the process at once; it cannot clean up or refuse.",
};

function Confirm({ container, target, onClose }: { container: string; target: SignalTarget; onClose: () => void }) {
  const { row, signal } = target;
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();

  async function send() {
    setSending(true);
    setError(null);
    try {
      const result = await signalProcess(container, { hostPid: row.hostPid, startTime: row.startTime, signal });
      if (result.ok) {
        toast({ tone: "ok", content: `${container}: ${result.message}` });
        onClose();
      } else {
        setError(result.error);
      }
    } catch {
      setError("The dashboard server could not be reached; nothing was signalled. Try again in a moment.");
    } finally {
      setSending(false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.containerProcesses(container) });
    }
  }

  return (
    <>
      <p>
        {signal} {WHAT_IT_DOES[signal]}
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-muted">Command</dt>
        <dd className="font-mono break-all">{row.command}</dd>
        <dt className="text-muted">PID</dt>
        <dd className="font-mono">
          {row.pid} <span className="text-muted">(host PID {row.hostPid})</span>
        </dd>
        <dt className="text-muted">User</dt>
        <dd className="font-mono">{uidMappingText(row)}</dd>
        <dt className="text-muted">Same as</dt>
        <dd className="font-mono">{killCommand(signal, row.hostPid)}</dd>
      </dl>
      {error && (
        <p role="alert" className="mt-3 text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <Button onClick={onClose}>{error ? "Close" : "Cancel"}</Button>
        <Button variant="danger" onClick={send} disabled={sending}>
          {sending && <Spinner />}
          Send {signal}
        </Button>
      </div>
    </>
  );
}

/** Confirms a signal, naming the process; the server checks and audits it, and its refusal is shown here. */
export function SignalDialog({
  container,
  target,
  onClose,
}: {
  container: string;
  target: SignalTarget | null;
  onClose: () => void;
}) {
  const title = target ? `Send ${target.signal} to PID ${target.row.pid}?` : "";
  return (
    <Dialog open={target !== null} onClose={onClose} title={title}>
      {target && <Confirm key={`${target.row.hostPid}-${target.signal}`} container={container} target={target} onClose={onClose} />}
    </Dialog>
  );
}

/** The row action: SIGTERM and SIGKILL buttons, none for init (stopping init is stopping the container). */
export function SignalButtons({ row, onSignal }: { row: ProcessRow; onSignal: (target: SignalTarget) => void }) {
  if (row.pid === 1) return null;
  return (
    <div className="flex gap-1">
      <Button size="sm" variant="secondary" aria-label={`Send SIGTERM to PID ${row.pid}`} onClick={() => onSignal({ row, signal: "SIGTERM" })}>
        TERM
      </Button>
      <Button size="sm" variant="danger" aria-label={`Send SIGKILL to PID ${row.pid}`} onClick={() => onSignal({ row, signal: "SIGKILL" })}>
        KILL
      </Button>
    </div>
  );
}
