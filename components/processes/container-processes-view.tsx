"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { processTotals, type ProcessRow } from "@/lib/process-types";
import { ContainerNotFound } from "@/components/containers/container-not-found";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { HostContainerHeader } from "@/components/hosts/host-container-header";
import { containerHref } from "@/lib/hosts";
import { useCanAct } from "@/components/layout/current-user";
import { useContainerProcesses } from "./process-queries";
import { ProcessListHead } from "./process-list-head";
import { ProcessTable } from "./process-table";
import { SignalButtons, SignalDialog, type SignalTarget } from "./signal-dialog";
import { useProcessViewState } from "./use-process-view-state";

/** A container's Processes tab: its processes live, the host's and the container's ids side by side. */
export function ContainerProcessesView({ name, target: host }: { name: string; target?: string }) {
  const { data, error, isPending } = useContainerProcesses(name, host);
  const view = useProcessViewState();
  // Signals go by host PID to a classic container's processes; an Incus one's are shown, not signalled.
  const canSignal = useCanAct() && !host;
  const sourceNote = data && "sourceNote" in data ? data.sourceNote : null;
  const [target, setTarget] = useState<SignalTarget | null>(null);

  const all: ProcessRow[] = useMemo(() => (data?.running ? data.processes : []), [data]);
  const { order } = view;
  const rows = useMemo(() => order(all), [order, all]);

  if (data === null) return <ContainerNotFound name={name} />;

  const notRunning = data?.running === false;
  const message = notRunning ? (
    <>
      <span className="font-mono">{name}</span> is not running, so it has no processes. Start it from the{" "}
      <Link href={containerHref({ name, target: host })} className="text-accent hover:underline">
        container page
      </Link>{" "}
      to see them.
    </>
  ) : rows.length === 0 && all.length > 0 ? (
    <>No process matches “{view.filter.trim()}”.</>
  ) : null;

  return (
    <div className="flex flex-col gap-6">
      {host ? <HostContainerHeader target={host} name={name} current="Processes" /> : <ContainerPageHeader name={name} current="Processes" />}

      <div className="flex flex-col gap-4">
        {sourceNote && <p className="text-xs text-muted">{sourceNote}</p>}
        <ProcessListHead
          totals={data?.running ? data.totals : notRunning ? processTotals([]) : null}
          shown={rows.length}
          view={view}
          error={error}
          hasData={Boolean(data)}
        />
        <ProcessTable
          groups={[{ key: name, label: null, rows }]}
          sort={view.sort}
          onSort={view.sortBy}
          actions={canSignal ? (row) => <SignalButtons row={row} onSignal={setTarget} /> : undefined}
          loading={isPending}
          message={message}
        />
        {!canSignal && !notRunning && !host && (
          <p className="text-xs text-muted">Only admins can signal processes.</p>
        )}
      </div>
      <SignalDialog container={name} target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
