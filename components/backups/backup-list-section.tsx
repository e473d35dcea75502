"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { deleteBackupAction, restoreBackupAction } from "@/app/backups/actions";
import type { BackupView } from "@/lib/backup-types";
import { OperationProgress } from "@/components/containers/operation-progress";
import { useToast } from "@/components/ui/toast";
import { DeleteBackupDialog, RestoreBackupDialog } from "./backup-dialogs";
import { BackupTable, type BackupChoice } from "./backup-table";

/**
 * A table of backups with its row menu wired up: restore as a new container
 * (an operation shown under the table, with its progress and a link to the
 * new container), delete. `restoreFirst` opens the restore dialog for one
 * backup at once (after an upload).
 */
export function BackupListSection({
  backups,
  showContainer,
  canAct,
  restoreFirst,
  onRestoreShown,
}: {
  backups: BackupView[];
  showContainer: boolean;
  canAct: boolean;
  restoreFirst?: BackupView | null;
  onRestoreShown?: () => void;
}) {
  const [dialog, setDialog] = useState<{ choice: BackupChoice; backup: BackupView } | null>(null);
  const [operation, setOperation] = useState<{ id: string; container: string } | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const shown = dialog ?? (restoreFirst ? { choice: "restore" as const, backup: restoreFirst } : null);
  const close = () => {
    setDialog(null);
    onRestoreShown?.();
  };

  return (
    <div className="flex flex-col gap-4">
      <BackupTable backups={backups} showContainer={showContainer} canAct={canAct} onChoose={(choice, backup) => setDialog({ choice, backup })} />
      {operation && (
        <OperationProgress key={operation.id} operationId={operation.id} container={operation.container} verb="Restoring" onEnd={() => undefined} />
      )}
      {shown?.choice === "restore" && (
        <RestoreBackupDialog
          backup={shown.backup}
          onClose={close}
          onRestore={async (newName) => {
            const r = await restoreBackupAction({ backup: shown.backup.name, newName });
            if (r.ok) setOperation({ id: r.operationId, container: newName });
            return r;
          }}
        />
      )}
      {shown?.choice === "delete" && (
        <DeleteBackupDialog
          backup={shown.backup}
          onClose={close}
          onDelete={async () => {
            const r = await deleteBackupAction(shown.backup.name);
            if (r.ok) {
              toast({ tone: "ok", content: r.message });
              void queryClient.invalidateQueries({ queryKey: ["containers", "backups"] });
            }
            return r;
          }}
        />
      )}
    </div>
  );
}
