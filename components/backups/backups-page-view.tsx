"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { removeHalfRestoredAction } from "@/app/backups/actions";
import type { BackupView } from "@/lib/backup-types";
import { formatBytes, formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { useCanAct } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { ReadFailure } from "@/components/ui/read-failure";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { BackupListSection } from "./backup-list-section";
import { useBackups } from "./backup-queries";
import { UploadBackup } from "./upload-backup";

/**
 * Every backup in the directory (of containers that exist or not), uploads, and
 * restores left half-done. The upload does not wait for the list: a slow or
 * failed listing leaves it usable, and says why beside a "Try again".
 */
export function BackupsPageView() {
  const { data, error, isPending, isFetching, refetch } = useBackups(null);
  const canAct = useCanAct();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [restoreFirst, setRestoreFirst] = useState<BackupView | null>(null);

  return (
    <div className="flex flex-col gap-4">
      {data && (
        <p className="text-sm text-muted">
          In <span className="font-mono text-ink">{data.directory}</span>
          {data.freeBytes !== null && <> · {formatBytes(data.freeBytes)} free</>} · set with <span className="font-mono">BACKUP_DIR</span>
        </p>
      )}
      {canAct && data && data.halfRestored.length > 0 && (
        <section aria-label="Unfinished restores" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="mb-2 font-medium">Restores cut short (the dashboard stopped while they ran); they have no config, so nothing starts them:</p>
          <ul className="flex flex-col gap-2">
            {data.halfRestored.map((h) => (
              <li key={h.name} className="flex flex-wrap items-center gap-3">
                <span className="font-mono">{h.dir}</span>
                {h.since && <span className="text-xs">since {formatTimestamp(h.since)}</span>}
                <Button
                  size="sm"
                  variant="danger"
                  onClick={async () => {
                    const r = await removeHalfRestoredAction(h.name);
                    toast(r.ok ? { tone: "ok", content: r.message } : { tone: "error", content: r.error });
                    void queryClient.invalidateQueries({ queryKey: queryKeys.backups(null) });
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {canAct && (
        <UploadBackup
          onUploaded={async (u) => {
            toast({ tone: "ok", content: `${u.name} uploaded and checked (SHA-256 ${u.sha256.slice(0, 12)}…)` });
            await queryClient.invalidateQueries({ queryKey: queryKeys.backups(null) });
            const fresh = queryClient.getQueryData<{ backups: BackupView[] }>(queryKeys.backups(null));
            setRestoreFirst(fresh?.backups.find((b) => b.name === u.name) ?? null);
          }}
        />
      )}
      {isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : data ? (
        <BackupListSection backups={data.backups} showContainer canAct={canAct} restoreFirst={restoreFirst} onRestoreShown={() => setRestoreFirst(null)} />
      ) : (
        <ReadFailure what="The backups" error={error} retrying={isFetching} onRetry={() => void refetch()} />
      )}
    </div>
  );
}
