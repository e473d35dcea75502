"use client";

import Link from "next/link";
import { useState } from "react";
import { previewMigrationAction, startMigrationAction } from "@/app/hosts/actions";
import { containerHref } from "@/lib/hosts";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { OperationProgress } from "@/components/containers/operation-progress";
import { useHosts } from "./host-queries";

type Preview = Extract<Awaited<ReturnType<typeof previewMigrationAction>>, { target: string }>;

/**
 * "Migrate to Incus" for a classic container: lxc-to-incus's dry run first,
 * showing what it will do (the exact commands, its output, the Incus create
 * request, any config keys it does not take), then, confirmed, the real run
 * as an operation to watch, and a link to the container on its Incus host.
 */
export function MigrateToIncus({ name, stopped }: { name: string; stopped: boolean }) {
  const { data: hosts } = useHosts();
  const local = (hosts ?? []).filter((h) => h.kind === "incus" && h.transport === "socket");
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [pending, setPending] = useState(false);
  const [operation, setOperation] = useState<string | null>(null);
  if (local.length === 0) return null;
  const chosen = target || local[0]!.name;

  function close() {
    setOpen(false);
    setPreview(null);
    setError(null);
    setConfirmed(false);
    setOperation(null);
  }

  async function dryRun() {
    setPending(true);
    setError(null);
    try {
      const r = await previewMigrationAction(name, chosen);
      if ("target" in r) setPreview(r);
      else if (!r.ok) setError(r.error);
    } finally {
      setPending(false);
    }
  }

  async function migrate() {
    setPending(true);
    try {
      const r = await startMigrationAction(name, chosen);
      if (r.ok) setOperation(r.operationId);
      else setError(r.error);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="move-up-heading" className="flex flex-col gap-2">
      <h2 id="move-up-heading" className="text-sm font-semibold text-muted">
        Move up
      </h2>
      <p className="text-sm">
        Move <span className="font-mono">{name}</span> into Incus on this machine with lxc-to-incus; it keeps its files, and the classic container stays, stopped.{" "}
        {!stopped && "Stop it first."}
      </p>
      <div>
        <Button disabled={!stopped} onClick={() => setOpen(true)}>
          Migrate to Incus…
        </Button>
      </div>
      <Dialog open={open} onClose={close} title={`Migrate ${name} to Incus`}>
        {operation ? (
          <div className="flex flex-col gap-3">
            <OperationProgress
              operationId={operation}
              container={name}
              verb="Moving"
              cancellable={false}
              succeeded={() => (
                <Link href={containerHref({ name, target: chosen })} className="text-accent hover:underline">
                  {name} on {chosen}
                </Link>
              )}
              onEnd={() => undefined}
            />
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-col gap-3">
            {local.length > 1 && (
              <label className="flex flex-col gap-1 text-sm">
                Incus host
                <select value={chosen} onChange={(e) => { setTarget(e.target.value); setPreview(null); }} className="h-9 rounded-md border border-line bg-panel px-2">
                  {local.map((h) => (
                    <option key={h.name}>{h.name}</option>
                  ))}
                </select>
              </label>
            )}
            {!preview && (
              <p className="text-sm">
                First a dry run (<code className="font-mono">lxc-to-incus --dry-run</code>): it shows what will happen and changes nothing.
              </p>
            )}
            {preview && (
              <>
                <span className="text-sm font-medium">The commands</span>
                <CodeBlock text={preview.commands.join("\n")} label="the migration commands" />
                {preview.dropped.length > 0 && (
                  <p className="text-sm">
                    lxc-to-incus does not take these keys; they are left out of the copy of the config it reads (the classic container keeps them):{" "}
                    <span className="font-mono text-xs">{preview.dropped.flatMap((d) => d.lines).join("; ")}</span>
                  </p>
                )}
                <span className="text-sm font-medium">The dry run said</span>
                <CodeBlock text={preview.output.join("\n")} label="the dry run's output" className="max-h-64 overflow-auto" />
                {preview.problem && <FormMessage result={{ ok: false, text: `lxc-to-incus would not move it: ${preview.problem}` }} />}
                {preview.runnable && (
                  <CheckboxField id="migrate-confirm" label={`Move ${name} to ${chosen}`} hint="Its rootfs is copied into Incus; the classic container is kept, stopped." checked={confirmed} onChange={setConfirmed} />
                )}
              </>
            )}
            <FormMessage result={error ? { ok: false, text: error } : null} />
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              {!preview ? (
                <Button variant="primary" disabled={pending} onClick={() => void dryRun()}>
                  {pending ? "Running the dry run…" : "Dry run"}
                </Button>
              ) : (
                <Button variant="primary" disabled={pending || !preview.runnable || !confirmed} onClick={() => void migrate()}>
                  Migrate
                </Button>
              )}
            </div>
          </div>
        )}
      </Dialog>
    </section>
  );
}
