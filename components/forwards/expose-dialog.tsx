"use client";

import { useEffect, useState } from "react";
import { createForwardAction, suggestHostPortAction } from "@/app/ports/actions";
import { checkForwardInput, type ForwardField, type ForwardLimits } from "@/lib/forwards";
import { serviceLabel, type ListeningService } from "@/lib/services";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { useRefreshForwards } from "./forward-queries";
import { MechanismNote } from "./mechanism-note";

type FieldErrors = Partial<Record<ForwardField, string>>;

/**
 * Expose a service on the LAN: a small dialog with the host port prefilled
 * (a free one the server suggests), checked as it is typed and again by the
 * server, which also says when the port is taken.
 */
export function ExposeDialog({
  container,
  service,
  limits,
  onClose,
}: {
  container: string;
  service: ListeningService;
  limits: ForwardLimits;
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefreshForwards();
  const [hostPort, setHostPort] = useState("");
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let live = true;
    void suggestHostPortAction(service.protocol, service.port).then((r) => {
      if (live && r.ok && r.port !== null) setHostPort((typed) => typed || String(r.port));
    });
    return () => {
      live = false;
    };
  }, [service.protocol, service.port]);

  const input = { container, protocol: service.protocol, hostPort, containerPort: service.port };
  const checked = checkForwardInput(input, limits);
  const typedError = hostPort !== "" && !checked.ok ? checked.fieldErrors.hostPort : undefined;
  const errors: FieldErrors = { ...serverErrors, ...(typedError ? { hostPort: typedError } : {}) };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!checked.ok || pending) return;
    setPending(true);
    setFormError(null);
    try {
      const r = await createForwardAction(input);
      if (r.ok) {
        await refresh();
        toast({ tone: "ok", content: r.message });
        onClose();
        return;
      }
      setServerErrors(r.fieldErrors);
      // An error at a field this dialog does not show (the container's) is said at the form.
      if (!r.fieldErrors.hostPort) setFormError(r.error);
    } catch {
      setFormError("The dashboard could not make the forward; see the audit log.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={`Expose ${serviceLabel(service)} of ${container}`}>
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <p className="text-muted">
          Forwards a port of this host to <span className="font-mono text-ink">{container}:{service.port}</span> ({service.protocol.toUpperCase()}),
          so other machines on the LAN reach it at the host&apos;s address
          {limits.hostAddresses.length > 0 && <span className="font-mono text-ink"> ({limits.hostAddresses.join(", ")})</span>}.
        </p>
        <TextField
          id="expose-host-port"
          label="Host port"
          inputMode="numeric"
          autoComplete="off"
          className="w-32 font-mono"
          value={hostPort}
          hint={limits.minHostPort > 1 ? `${limits.minHostPort}–65535` : "1–65535"}
          error={errors.hostPort}
          onChange={(e) => {
            setHostPort(e.target.value);
            setServerErrors({});
          }}
          autoFocus
        />
        <MechanismNote limits={limits} />
        <FormMessage result={formError ? { ok: false, text: formError } : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!checked.ok || pending}>
            {pending && <Spinner />}
            Expose
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
