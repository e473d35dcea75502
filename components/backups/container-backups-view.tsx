"use client";

import { useState } from "react";
import { startBackupAction } from "@/app/backups/actions";
import { useCanAct } from "@/components/layout/current-user";
import { OperationProgress } from "@/components/containers/operation-progress";
import { useContainerDetail } from "@/components/containers/container-queries";
import { ScheduleLine } from "@/components/schedules/schedule-line";
import { ReadFailure } from "@/components/ui/read-failure";
import { Skeleton } from "@/components/ui/skeleton";
import { BackupListSection } from "./backup-list-section";
import { useBackups } from "./backup-queries";
import { TakeBackupForm } from "./take-backup-form";

/** A container's Backups tab: back up now (with its progress), and its backups in the directory. */
export function ContainerBackupsView({ name }: { name: string }) {
  const { data, error, isPending, isFetching, refetch } = useBackups(name);
  const detail = useContainerDetail(name);
  const canAct = useCanAct();
  const [operation, setOperation] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  if (isPending) return <Skeleton className="h-40 w-full" />;
  if (!data) return <ReadFailure what="The backups" error={error} retrying={isFetching} onRetry={() => void refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      <ScheduleLine container={name} kind="backup" canAct={canAct} />
      {canAct && detail.data && (
        <TakeBackupForm
          name={name}
          running={detail.data.state !== "STOPPED"}
          directory={data.directory}
          disabled={running}
          onSubmit={async (input) => {
            const r = await startBackupAction(name, input);
            if (r.ok) {
              setOperation(r.operationId);
              setRunning(true);
            }
            return r;
          }}
        />
      )}
      {operation && (
        <OperationProgress
          key={operation}
          operationId={operation}
          container={name}
          verb="Backing up"
          succeeded={(end) => (
            <p role="status" className="text-sm text-green-700 dark:text-green-300">
              {end.message}.
            </p>
          )}
          onEnd={() => setRunning(false)}
        />
      )}
      <BackupListSection backups={data.backups} showContainer={false} canAct={canAct} />
    </div>
  );
}
