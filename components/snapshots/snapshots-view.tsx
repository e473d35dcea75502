"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { deleteSnapshotAction, restoreSnapshotAction, takeSnapshotAction } from "@/app/containers/[name]/snapshots/actions";
import type { SnapshotListResponse, SnapshotView } from "@/lib/snapshot-types";
import { formatBytes, formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { useCanAct } from "@/components/layout/current-user";
import { OperationProgress } from "@/components/containers/operation-progress";
import { EmptyNote } from "@/components/ui/empty-note";
import { Menu, MenuItem } from "@/components/ui/menu";
import { ReadFailure } from "@/components/ui/read-failure";
import { Skeleton } from "@/components/ui/skeleton";
import { ActionsTh, Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ScheduleLine } from "@/components/schedules/schedule-line";
import { SnapshotCostNote } from "./snapshot-cost";
import { SnapshotDialog, type SnapshotDialogKind } from "./snapshot-dialogs";
import { TakeSnapshotForm } from "./take-snapshot-form";
import { useSnapshots } from "./snapshot-queries";

export interface RunningOperation {
  id: string;
  container: string;
  verb: string;
  cancellable: boolean;
}

/** The Snapshots tab: what a snapshot costs here, the form that takes one, the table, and the operation running now. */
export function SnapshotsView({ name }: { name: string }) {
  const { data, error, isPending, isFetching, refetch } = useSnapshots(name);
  const canAct = useCanAct();
  const [operation, setOperation] = useState<RunningOperation | null>(null);
  const [operationRunning, setOperationRunning] = useState(false);
  const [dialog, setDialog] = useState<{ kind: SnapshotDialogKind; snapshot: SnapshotView } | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();

  if (isPending) return <Skeleton className="h-40 w-full" />;
  if (data === null) return <p className="text-sm text-muted">{name} no longer exists.</p>;
  if (!data) return <ReadFailure what="The snapshots" error={error} retrying={isFetching} onRetry={() => void refetch()} />;
  const running = data.state !== "STOPPED";
  const busy = operationRunning;
  const follow = (op: RunningOperation) => {
    setOperation(op);
    setOperationRunning(true);
  };

  return (
    <div className="flex flex-col gap-4">
      <SnapshotCostNote cost={data.cost} />
      <ScheduleLine container={name} kind="snapshot" canAct={canAct} />
      {canAct && (
        <TakeSnapshotForm
          name={name}
          running={running}
          command={data.command}
          disabled={busy}
          onSubmit={async (input) => {
            const r = await takeSnapshotAction(name, input);
            if (r.ok) follow({ id: r.operationId, container: name, verb: "Snapshotting", cancellable: true });
            return r;
          }}
        />
      )}
      {operation && (
        <OperationProgress
          key={operation.id}
          operationId={operation.id}
          container={operation.container}
          verb={operation.verb}
          cancellable={operation.cancellable}
          succeeded={(end) => (
            <p role="status" className="text-sm text-green-700 dark:text-green-300">
              {end.message}.
            </p>
          )}
          onEnd={() => {
            setOperationRunning(false);
            void queryClient.invalidateQueries({ queryKey: queryKeys.snapshots(name) });
          }}
        />
      )}
      <SnapshotTable
        data={data}
        canAct={canAct}
        disabled={busy}
        onChoose={(kind, snapshot) => setDialog({ kind, snapshot })}
      />
      <p className="text-xs text-muted">
        Commands: <span className="font-mono">{data.command} -L -C</span> lists them, <span className="font-mono">-r snapN</span> restores,{" "}
        <span className="font-mono">-d snapN</span> deletes.
      </p>
      {dialog && (
        <SnapshotDialog
          kind={dialog.kind}
          container={name}
          snapshot={dialog.snapshot}
          running={running}
          onClose={() => setDialog(null)}
          onRestore={async (input) => {
            const r = await restoreSnapshotAction(name, input);
            if (r.ok) {
              const target = input.newName ?? name;
              follow({ id: r.operationId, container: target, verb: "Restoring", cancellable: Boolean(input.newName) });
            }
            return r;
          }}
          onDelete={async (snapshot) => {
            const r = await deleteSnapshotAction(name, snapshot);
            if (r.ok) {
              toast({ tone: "ok", content: r.message });
              void queryClient.invalidateQueries({ queryKey: queryKeys.snapshots(name) });
            }
            return r;
          }}
        />
      )}
    </div>
  );
}

function SnapshotTable({
  data,
  canAct,
  disabled,
  onChoose,
}: {
  data: SnapshotListResponse;
  canAct: boolean;
  disabled: boolean;
  onChoose: (kind: SnapshotDialogKind, snapshot: SnapshotView) => void;
}) {
  if (data.snapshots.length === 0) return <EmptyNote>No snapshots yet.</EmptyNote>;
  // Newest first, as a person looks for the latest.
  const rows = [...data.snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Table label="Snapshots">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Taken</Th>
          <Th className="text-right">Size on disk</Th>
          <Th className="w-full">Comment</Th>
          {canAct && <ActionsTh />}
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.name}>
            <Td className="font-mono whitespace-nowrap">{s.name}</Td>
            <Td className="font-mono text-xs whitespace-nowrap">{formatTimestamp(s.createdAt)}</Td>
            <Td className="text-right font-mono text-xs whitespace-nowrap tabular-nums">{s.bytes === null ? "—" : formatBytes(s.bytes)}</Td>
            <Td className="max-w-md truncate" title={s.comment}>
              {s.scheduleId !== null && (
                <span className="mr-2 rounded bg-panel-raised px-1.5 py-0.5 text-xs text-muted">scheduled</span>
              )}
              {s.comment.replace(/^\[schedule \d+\]\s*/, "")}
            </Td>
            {canAct && (
              <Td className="text-right">
                <Menu label={`Actions for ${s.name}`} disabled={disabled}>
                  <MenuItem onSelect={() => onChoose("restore", s)}>Restore…</MenuItem>
                  <MenuItem onSelect={() => onChoose("restore-new", s)}>Restore as new container…</MenuItem>
                  <MenuItem danger onSelect={() => onChoose("delete", s)}>
                    Delete…
                  </MenuItem>
                </Menu>
              </Td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

