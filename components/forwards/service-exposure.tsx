"use client";

import { useState } from "react";
import type { ListeningService } from "@/lib/services";
import { useCanAct } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { ExposeDialog } from "./expose-dialog";
import { useForwards } from "./forward-queries";
import { ForwardStateBadge } from "./forward-state-badge";
import { HostPortLink } from "./host-port-link";

/**
 * A service's last cell: the host ports that forward to it (with their
 * state), or, for an admin and a service reachable from outside, Expose.
 */
export function ServiceExposure({ container, service }: { container: string; service: ListeningService }) {
  const canAct = useCanAct();
  const { data } = useForwards();
  const [open, setOpen] = useState(false);
  if (!data) return null;
  const forwards = data.forwards.filter((f) => f.container === container && f.protocol === service.protocol && f.containerPort === service.port);
  if (forwards.length > 0) {
    return (
      <ul className="flex flex-col items-end gap-1">
        {forwards.map((f) => (
          <li key={f.id} className="flex items-center gap-2">
            <span className="text-xs text-muted">host</span>
            <HostPortLink forward={f} hostAddresses={data.limits.hostAddresses} />
            <ForwardStateBadge state={f.state} reason={f.reason} />
          </li>
        ))}
      </ul>
    );
  }
  if (!canAct || !service.reachable) return <span className="text-muted">—</span>;
  const exposable = (data.limits.protocols as readonly string[]).includes(service.protocol);
  return (
    <>
      <Button
        size="sm"
        disabled={!exposable}
        title={exposable ? undefined : "The dashboard runs as a regular user: its proxy forwards TCP only."}
        aria-label={`Expose ${service.program ?? "the service"} on port ${service.port}/${service.protocol}`}
        onClick={() => setOpen(true)}
      >
        Expose
      </Button>
      {open && <ExposeDialog container={container} service={service} limits={data.limits} onClose={() => setOpen(false)} />}
    </>
  );
}
