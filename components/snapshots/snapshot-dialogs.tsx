"use client";

import { useId, useState } from "react";
import type { SnapshotView } from "@/lib/snapshot-types";
import { formatBytes } from "@/lib/format-units";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export type SnapshotDialogKind = "restore" | "restore-new" | "delete";

export interface DialogAnswer {
  ok: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
}

/**
 * The confirmations of a snapshot's row menu. Restoring over the container
 * says that it is stopped first when it runs; restoring as a new container
 * asks for the name; deleting says what goes.
 */
export function SnapshotDialog({
  kind,
  container,
  snapshot,
  running,
  onClose,
  onRestore,
  onDelete,
}: {
  kind: SnapshotDialogKind;
  container: string;
  snapshot: SnapshotView;
  running: boolean;
  onClose: () => void;
  onRestore: (input: { snapshot: string; newName?: string; stopFirst: boolean; startAfter: boolean }) => Promise<DialogAnswer>;
  onDelete: (snapshot: string) => Promise<DialogAnswer>;
}) {
  const [newName, setNewName] = useState("");
  const [startAfter, setStartAfter] = useState(running);
  const [answer, setAnswer] = useState<DialogAnswer | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  async function submit() {
    setPending(true);
    const r =
      kind === "delete"
        ? await onDelete(snapshot.name)
        : await onRestore({
            snapshot: snapshot.name,
            ...(kind === "restore-new" ? { newName } : {}),
            stopFirst: kind === "restore" && running,
            startAfter: kind === "restore" && startAfter,
          });
    setPending(false);
    if (r.ok) onClose();
    else setAnswer(r);
  }

  const title =
    kind === "delete" ? `Delete ${snapshot.name}?` : kind === "restore" ? `Restore ${container} from ${snapshot.name}?` : `Restore ${snapshot.name} as a new container`;
  const fieldError = (f: string) => answer?.fieldErrors?.[f];

  return (
    <Dialog open onClose={onClose} title={title}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {kind === "delete" && (
          <p>
            The snapshot{snapshot.bytes !== null ? ` and the ${formatBytes(snapshot.bytes)} it takes on disk` : ""} will be removed. This
            cannot be undone.
          </p>
        )}
        {kind === "restore" && (
          <>
            <p>
              {container}&apos;s root filesystem and config are replaced by the snapshot&apos;s; whatever changed since{" "}
              {snapshot.name} was taken is lost.
            </p>
            {running && (
              <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
                {container} is running: it will be <strong>stopped first</strong> (lxc-stop, a clean shutdown), because lxc-snapshot restores only a
                stopped container.
              </p>
            )}
            <CheckboxField
              id={`${id}-start`}
              label="Start it afterwards"
              hint={running ? "It runs now; start it again once restored." : "It is stopped now."}
              checked={startAfter}
              onChange={setStartAfter}
              error={fieldError("startAfter")}
            />
          </>
        )}
        {kind === "restore-new" && (
          <>
            <p>
              A new container is made from {snapshot.name} (lxc-snapshot -N); {container} itself is left as it is, running or not.
            </p>
            <TextField
              id={`${id}-name`}
              label="New container's name"
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              error={fieldError("newName")}
              autoComplete="off"
              spellCheck={false}
              autoFocus
              className="font-mono"
            />
          </>
        )}
        <FormMessage result={answer && !fieldError("newName") && answer.error ? { ok: false, text: answer.error } : null} />
        <div className="mt-1 flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={kind === "delete" ? "danger" : "primary"} disabled={pending || (kind === "restore-new" && newName === "")}>
            {kind === "delete" ? "Delete" : kind === "restore" ? (running ? "Stop and restore" : "Restore") : "Restore as new container"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
