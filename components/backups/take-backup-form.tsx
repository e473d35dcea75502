"use client";

import { useId, useState } from "react";
import { RUNNING_MODES, runningModeLabel, type RunningMode } from "@/lib/backup-schemas";
import { Button } from "@/components/ui/button";
import { Field, TextField, fieldAria, fieldControl } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Spinner } from "@/components/ui/spinner";

type Answer = { ok: true } | { ok: false; error: string; fieldErrors: Record<string, string> };

/** Backs a container up: an optional name (default NAME-DATE-TIME), a comment, and for a running one what to do with it during the copy. */
export function TakeBackupForm({
  name,
  running,
  directory,
  disabled,
  onSubmit,
}: {
  name: string;
  running: boolean;
  directory: string;
  disabled: boolean;
  onSubmit: (input: { name?: string; comment: string; whileRunning?: RunningMode }) => Promise<Answer>;
}) {
  const [backupName, setBackupName] = useState("");
  const [comment, setComment] = useState("");
  const [mode, setMode] = useState<RunningMode | "">("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const errors = answer && !answer.ok ? answer.fieldErrors : {};
  const shown = new Set(["name", "comment", "whileRunning"]);

  return (
    <form
      aria-label="Back up"
      className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        const r = await onSubmit({ ...(backupName ? { name: backupName } : {}), comment, ...(running && mode ? { whileRunning: mode } : {}) });
        setPending(false);
        setAnswer(r);
        if (r.ok) {
          setBackupName("");
          setComment("");
        }
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-name`}
          label="Name"
          hint={`A file NAME.tar.zst in ${directory}; empty: ${name}-DATE-TIME.`}
          value={backupName}
          onChange={(e) => setBackupName(e.target.value)}
          error={errors.name}
          className="font-mono"
          spellCheck={false}
        />
        <TextField id={`${id}-comment`} label="Comment" value={comment} maxLength={200} onChange={(e) => setComment(e.target.value)} error={errors.comment} />
      </div>
      {running && (
        <Field id={`${id}-mode`} label={`${name} is running`} error={errors.whileRunning}>
          <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as RunningMode)} className={fieldControl} {...fieldAria(`${id}-mode`, errors.whileRunning)}>
            <option value="">Choose what to do with it during the copy…</option>
            {RUNNING_MODES.map((m) => (
              <option key={m} value={m}>
                {runningModeLabel[m]}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={disabled || pending || (running && mode === "")}>
          {pending && <Spinner />}
          Back up now
        </Button>
        <FormMessage result={answer && !answer.ok && !Object.keys(errors).some((f) => shown.has(f)) ? { ok: false, text: answer.error } : null} />
      </div>
    </form>
  );
}
