"use client";

import { useId, useState } from "react";
import { startCloneAction } from "@/app/containers/actions";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { OperationProgress } from "./operation-progress";

type Mode = "copy" | "snapshot";

const MODES: Array<{ mode: Mode; label: string; hint: (name: string) => string }> = [
  { mode: "copy", label: "Full copy", hint: () => "Independent of the source; takes as much space as its rootfs." },
  {
    mode: "snapshot",
    label: "Snapshot clone (-s)",
    hint: (name) =>
      `Copy-on-write: a btrfs, ZFS or LVM snapshot, or overlayfs over ${name}'s rootfs on a directory store; cheap, but ${name} cannot be destroyed while the clone exists.`,
  },
];

/**
 * Clones a container with lxc-copy: the new name (a taken one is refused at
 * the field), full copy or snapshot clone, and for a running source the
 * consent to copy it while it runs. The exact command shows as it is filled
 * in; then the copy's progress, and a link to the clone.
 */
export function CloneDialog({ name, running, lxcpath, open, onClose }: { name: string; running: boolean; lxcpath: string | null; open: boolean; onClose: () => void }) {
  const [newName, setNewName] = useState("");
  const [mode, setMode] = useState<Mode>("copy");
  const [whileRunning, setWhileRunning] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [operation, setOperation] = useState<{ id: string; target: string } | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  function close() {
    setNewName("");
    setErrors({});
    setError(null);
    setOperation(null);
    onClose();
  }

  const command = `lxc-copy${lxcpath ? ` -P ${lxcpath}` : ""} -n ${name} -N ${newName || "NEW"}${mode === "snapshot" ? " -s" : ""}${running && whileRunning ? " -a" : ""}`;

  return (
    <Dialog open={open} onClose={close} title={`Clone ${name}`}>
      {operation ? (
        <div className="flex flex-col gap-3">
          <OperationProgress operationId={operation.id} container={operation.target} verb="Cloning into" onEnd={() => undefined} />
          <div className="flex justify-end">
            <Button onClick={close}>Close</Button>
          </div>
        </div>
      ) : (
        <form
          className="flex flex-col gap-3"
          onSubmit={async (e) => {
            e.preventDefault();
            setPending(true);
            const r = await startCloneAction(name, { newName, mode, whileRunning: running && whileRunning });
            setPending(false);
            if (r.ok) setOperation({ id: r.operationId, target: newName });
            else {
              setErrors(r.fieldErrors);
              setError(Object.keys(r.fieldErrors).length === 0 ? r.error : null);
            }
          }}
        >
          <TextField
            id={`${id}-name`}
            label="New container's name"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            error={errors.newName}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            className="font-mono"
          />
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Kind of copy</legend>
            {MODES.map((m) => (
              <label key={m.mode} className="flex items-start gap-2.5">
                <input type="radio" name={`${id}-mode`} className="mt-1 accent-accent" checked={mode === m.mode} onChange={() => setMode(m.mode)} />
                <span className="flex flex-col">
                  <span className="text-sm font-medium">{m.label}</span>
                  <span className="text-xs text-muted">{m.hint(name)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {running && (
            <CheckboxField
              id={`${id}-running`}
              label="Copy while it runs (-a)"
              hint={`${name} is running; files being written during the copy may be caught half-way. Stop it first for a consistent copy.`}
              checked={whileRunning}
              onChange={setWhileRunning}
              error={errors.whileRunning}
            />
          )}
          <p className="text-xs text-muted">The clone gets its own hostname and new MAC addresses, so its own address.</p>
          <CodeBlock text={command} label="the clone command" />
          <FormMessage result={error ? { ok: false, text: error } : null} />
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={pending || newName === "" || (running && !whileRunning)}>
              Clone
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
