"use client";

import { useState } from "react";
import { saveAlertTargetAction } from "@/app/alerts/actions";
import { TARGET_KINDS, type AlertTargetView, type TargetKind } from "@/lib/alert-types";
import { SelectField, TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useAlertAction } from "./use-alert-action";

const KIND_BY_LABEL = Object.fromEntries(Object.entries(TARGET_KINDS).map(([k, v]) => [v.label, k as TargetKind]));

/**
 * Adds a target, or changes one (`target`). A stored secret is never shown:
 * the field says "set" and is left empty; typing a new one replaces it.
 */
export function TargetForm({ target, onDone }: { target?: AlertTargetView; onDone?: () => void }) {
  const action = useAlertAction();
  const [kind, setKind] = useState<TargetKind>(target?.kind ?? "webhook");
  const [name, setName] = useState(target?.name ?? "");
  const [address, setAddress] = useState(target?.address ?? "");
  const [secret, setSecret] = useState("");
  const smtp0 = target?.smtp ?? { host: "", port: 587, security: "starttls" as const, user: "", from: "" };
  const [smtp, setSmtp] = useState({ ...smtp0, port: String(smtp0.port) });
  const id = target ? `target-${target.id}` : "target-new";
  const info = TARGET_KINDS[kind];

  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void action
          .run(() => saveAlertTargetAction(target?.id ?? null, { kind, name, address, secret, smtp: kind === "email" ? { ...smtp, port: Number(smtp.port) } : undefined }))
          .then((ok) => {
            if (!ok) return;
            setSecret("");
            if (!target) {
              setName("");
              setAddress("");
            }
            onDone?.();
          });
      }}
    >
      <SelectField id={`${id}-kind`} label="Kind" value={info.label} options={Object.values(TARGET_KINDS).map((k) => k.label)} onChange={(l) => setKind(KIND_BY_LABEL[l] ?? "webhook")} error={action.errorFor("kind")} />
      <TextField id={`${id}-name`} label="Name" value={name} onChange={(e) => setName(e.target.value)} error={action.errorFor("name")} />
      <TextField id={`${id}-address`} label={info.addressLabel} value={address} onChange={(e) => setAddress(e.target.value)} error={action.errorFor("address")} className="font-mono" />
      <TextField
        id={`${id}-secret`}
        label={info.secretLabel}
        type="password"
        autoComplete="new-password"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        placeholder={target?.secretSet ? "set — type to replace" : "not set"}
      />
      {kind === "email" && (
        <>
          <TextField id={`${id}-smtp-host`} label="SMTP server" value={smtp.host} onChange={(e) => setSmtp({ ...smtp, host: e.target.value })} error={action.errorFor("smtp.host")} className="font-mono" />
          <TextField id={`${id}-smtp-port`} label="Port" inputMode="numeric" value={smtp.port} onChange={(e) => setSmtp({ ...smtp, port: e.target.value })} error={action.errorFor("smtp.port")} className="font-mono" />
          <SelectField id={`${id}-smtp-security`} label="Security" value={smtp.security} options={["starttls", "tls", "none"]} onChange={(v) => setSmtp({ ...smtp, security: v as typeof smtp.security })} error={action.errorFor("smtp.security")} />
          <TextField id={`${id}-smtp-user`} label="SMTP user (optional)" value={smtp.user} onChange={(e) => setSmtp({ ...smtp, user: e.target.value })} className="font-mono" />
          <TextField id={`${id}-smtp-from`} label="From" value={smtp.from} onChange={(e) => setSmtp({ ...smtp, from: e.target.value })} error={action.errorFor("smtp.from")} className="font-mono" />
        </>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={action.pending}>
          {target ? "Save target" : "Add target"}
        </Button>
      </div>
    </form>
  );
}
