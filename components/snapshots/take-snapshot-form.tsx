"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CheckboxField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Spinner } from "@/components/ui/spinner";

type Answer = { ok: true } | { ok: false; error: string; fieldErrors: Record<string, string> };

/**
 * Takes a snapshot with a comment. lxc-snapshot works only on a stopped
 * container, so for a running one the person ticks that it may be stopped for
 * the copy (and is started again after); the exact commands show as they type.
 */
export function TakeSnapshotForm({
  name,
  running,
  command,
  disabled,
  onSubmit,
}: {
  name: string;
  running: boolean;
  command: string;
  disabled: boolean;
  onSubmit: (input: { comment: string; stopFirst: boolean }) => Promise<Answer>;
}) {
  const [comment, setComment] = useState("");
  const [stopFirst, setStopFirst] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const errors = answer && !answer.ok ? answer.fieldErrors : {};

  const preview = [
    ...(running ? [`lxc-stop ${command.replace(/^lxc-snapshot /, "")} -t 30`] : []),
    `${command}${comment.trim() ? " -c COMMENT_FILE" : ""}`,
    ...(running ? [`lxc-start ${command.replace(/^lxc-snapshot /, "")} -d`] : []),
  ].join(" && ");

  return (
    <form
      aria-label="Take a snapshot"
      className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        const r = await onSubmit({ comment, stopFirst });
        setPending(false);
        setAnswer(r);
        if (r.ok) {
          setComment("");
          setStopFirst(false);
        }
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <TextField
            id={`${id}-comment`}
            label="Comment"
            value={comment}
            maxLength={200}
            placeholder="before upgrading nginx"
            onChange={(e) => setComment(e.target.value)}
            error={errors.comment}
          />
        </div>
        <Button type="submit" variant="primary" disabled={disabled || pending || (running && !stopFirst)}>
          {pending && <Spinner />}
          Take snapshot
        </Button>
      </div>
      {running && (
        <CheckboxField
          id={`${id}-stop`}
          label={`Stop ${name} for the snapshot`}
          hint="lxc-snapshot copies only a stopped container: it is shut down cleanly, copied, and started again."
          checked={stopFirst}
          onChange={setStopFirst}
          error={errors.stopFirst}
        />
      )}
      <CodeBlock text={preview} label="the snapshot command" />
      <FormMessage result={answer && !answer.ok && !errors.comment && !errors.stopFirst ? { ok: false, text: answer.error } : null} />
    </form>
  );
}
