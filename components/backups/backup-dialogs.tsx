"use client";

import { useId, useState } from "react";
import type { BackupView } from "@/lib/backup-types";
import { formatBytes } from "@/lib/format-units";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type Answer = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** Restore a backup as a new container: the name (a taken one refused at the field), what it unpacks to and how its ids land. */
export function RestoreBackupDialog({
  backup,
  onClose,
  onRestore,
}: {
  backup: BackupView;
  onClose: () => void;
  onRestore: (newName: string) => Promise<Answer>;
}) {
  const [newName, setNewName] = useState(backup.container);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const fieldError = answer && !answer.ok ? answer.fieldErrors?.newName : undefined;
  const unprivileged = backup.idmap.length > 0;
  return (
    <Dialog open onClose={onClose} title={`Restore ${backup.name}`}>
      <form
        className="flex flex-col gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setPending(true);
          const r = await onRestore(newName);
          setPending(false);
          if (r.ok) onClose();
          else setAnswer(r);
        }}
      >
        <p>
          A new container is made from {backup.container}&apos;s backup of {new Date(backup.createdAt).toLocaleString()}: about{" "}
          {formatBytes(backup.contentBytes)} unpacked.{" "}
          {unprivileged
            ? "Its files get this host's subordinate ids (root inside = the first id of the range), its config the new name, paths and MAC addresses."
            : "It is a privileged container: its files keep their ids."}
        </p>
        <TextField
          id={`${id}-name`}
          label="New container's name"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
          error={fieldError}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          className="font-mono"
        />
        <FormMessage result={answer && !answer.ok && !fieldError ? { ok: false, text: answer.error } : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending || newName === ""}>
            Restore as new container
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteBackupDialog({ backup, onClose, onDelete }: { backup: BackupView; onClose: () => void; onDelete: () => Promise<Answer> }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  return (
    <Dialog open onClose={onClose} title={`Delete ${backup.name}?`}>
      <p>The archive ({formatBytes(backup.bytes)}) and its checksum file are removed from the backup directory. This cannot be undone.</p>
      <FormMessage result={answer && !answer.ok ? { ok: false, text: answer.error } : null} />
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="danger"
          onClick={async () => {
            const r = await onDelete();
            if (r.ok) onClose();
            else setAnswer(r);
          }}
        >
          Delete
        </Button>
      </div>
    </Dialog>
  );
}
