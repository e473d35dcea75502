"use client";

import { useState } from "react";
import { deleteAlertTargetAction, sendAlertTestAction, setAlertTargetEnabledAction } from "@/app/alerts/actions";
import { TARGET_KINDS, type AlertTargetView } from "@/lib/alert-types";
import { Button } from "@/components/ui/button";
import { TargetForm } from "./target-form";
import { useAlertAction } from "./use-alert-action";

function TargetRow({ target }: { target: AlertTargetView }) {
  const action = useAlertAction();
  const [editing, setEditing] = useState(false);
  return (
    <li className="flex flex-col gap-3 border-b border-line py-3 last:border-b-0" data-target={target.name}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium">
            {target.name} <span className="text-muted">· {TARGET_KINDS[target.kind].label}{target.enabled ? "" : " · disabled"}</span>
          </p>
          <p className="font-mono text-xs break-all text-muted">
            {target.address}
            {target.smtp && ` via ${target.smtp.host}:${target.smtp.port} (${target.smtp.security})`} · secret {target.secretSet ? "set" : "not set"}
          </p>
        </div>
        <Button size="sm" disabled={action.pending} onClick={() => void action.run(() => sendAlertTestAction(target.id))} aria-label={`Send test to ${target.name}`}>
          Send test
        </Button>
        <Button size="sm" disabled={action.pending} onClick={() => void action.run(() => setAlertTargetEnabledAction(target.id, !target.enabled))}>
          {target.enabled ? "Disable" : "Enable"}
        </Button>
        <Button size="sm" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
          Edit
        </Button>
        <Button size="sm" variant="danger" disabled={action.pending} onClick={() => void action.run(() => deleteAlertTargetAction(target.id))} aria-label={`Delete ${target.name}`}>
          Delete
        </Button>
      </div>
      {editing && <TargetForm target={target} onDone={() => setEditing(false)} />}
    </li>
  );
}

/** Where alerts go besides the bell, each with Send test; the form below adds one. */
export function AlertTargets({ targets }: { targets: AlertTargetView[] }) {
  return (
    <div className="flex flex-col gap-4">
      {targets.length === 0 ? (
        <p className="text-sm text-muted">No targets yet: alerts show in the bell only.</p>
      ) : (
        <ul className="rounded-md border border-line bg-panel px-4">
          {targets.map((t) => (
            <TargetRow key={t.id} target={t} />
          ))}
        </ul>
      )}
      <div className="rounded-md border border-line bg-panel p-4">
        <h3 className="mb-3 text-sm font-semibold">Add a target</h3>
        <TargetForm />
      </div>
    </div>
  );
}
