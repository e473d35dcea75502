"use client";

import { useState } from "react";
import { createForwardAction, suggestHostPortAction } from "@/app/ports/actions";
import { checkForwardInput, type ForwardField, type ForwardLimits } from "@/lib/forwards";
import { useContainerList } from "@/components/containers/container-queries";
import { Button } from "@/components/ui/button";
import { Field, fieldAria, fieldControl, SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { useRefreshForwards } from "./forward-queries";

type FieldErrors = Partial<Record<ForwardField, string>>;
const EMPTY = { container: "", protocol: "tcp", hostPort: "", containerPort: "" };

function PortField(props: { id: string; label: string; value: string; error?: string; onChange: (v: string) => void; onBlur?: () => void }) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      inputMode="numeric"
      autoComplete="off"
      className="w-28 font-mono"
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.target.value)}
      onBlur={props.onBlur}
    />
  );
}

/** A forward by hand: container, protocol, container port and host port, each checked at its field. */
export function AddForwardForm({ limits }: { limits: ForwardLimits }) {
  const toast = useToast();
  const refresh = useRefreshForwards();
  const containers = useContainerList().data?.containers ?? [];
  const [values, setValues] = useState(EMPTY);
  const [touched, setTouched] = useState<Set<ForwardField>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const checked = checkForwardInput(values, limits);
  const typed: FieldErrors = checked.ok ? {} : checked.fieldErrors;
  const errors: FieldErrors = { ...serverErrors };
  for (const f of touched) if (typed[f]) errors[f] = typed[f];

  const set = (field: ForwardField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setTouched((t) => new Set(t).add(field));
    setServerErrors({});
  };

  async function suggest() {
    if (values.hostPort !== "" || !/^\d+$/.test(values.containerPort)) return;
    const r = await suggestHostPortAction(values.protocol, Number(values.containerPort));
    if (r.ok && r.port !== null) setValues((v) => (v.hostPort === "" ? { ...v, hostPort: String(r.port) } : v));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(new Set(["container", "protocol", "hostPort", "containerPort"]));
    if (!checked.ok || pending) return;
    setPending(true);
    setFormError(null);
    try {
      const r = await createForwardAction(values);
      if (r.ok) {
        toast({ tone: "ok", content: r.message });
        setValues(EMPTY);
        setTouched(new Set());
        await refresh();
      } else {
        setServerErrors(r.fieldErrors);
        if (Object.keys(r.fieldErrors).length === 0) setFormError(r.error);
      }
    } catch {
      setFormError("The dashboard could not make the forward; see the audit log.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a forward" className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4">
      <div className="flex flex-wrap items-start gap-3">
        <Field id="forward-container" label="Container" error={errors.container}>
          <select
            id="forward-container"
            value={values.container}
            onChange={(e) => set("container", e.target.value)}
            className={`${fieldControl} w-48 font-mono`}
            {...fieldAria("forward-container", errors.container)}
          >
            <option value="">Choose…</option>
            {containers.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <SelectField id="forward-protocol" label="Protocol" value={values.protocol} options={limits.protocols} error={errors.protocol} onChange={(v) => set("protocol", v)} />
        <PortField id="forward-container-port" label="Container port" value={values.containerPort} error={errors.containerPort} onChange={(v) => set("containerPort", v)} onBlur={() => void suggest()} />
        <PortField id="forward-host-port" label="Host port" value={values.hostPort} error={errors.hostPort} onChange={(v) => set("hostPort", v)} />
      </div>
      <FormMessage result={formError ? { ok: false, text: formError } : null} />
      <div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending && <Spinner />}
          Add forward
        </Button>
      </div>
    </form>
  );
}
