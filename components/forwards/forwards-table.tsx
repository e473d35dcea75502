"use client";

import Link from "next/link";
import { useState } from "react";
import { removeForwardAction } from "@/app/ports/actions";
import type { ForwardsResponse, ForwardView } from "@/lib/forwards";
import { formatTimestamp } from "@/lib/format-units";
import { Button } from "@/components/ui/button";
import { EmptyNote } from "@/components/ui/empty-note";
import { ActionsTh, Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useRefreshForwards } from "./forward-queries";
import { ForwardStateBadge } from "./forward-state-badge";
import { HostPortLink } from "./host-port-link";

function RemoveButton({ forward }: { forward: ForwardView }) {
  const toast = useToast();
  const refresh = useRefreshForwards();
  const [pending, setPending] = useState(false);
  const label = `${forward.hostPort}/${forward.protocol}`;
  return (
    <Button
      size="sm"
      variant="danger"
      disabled={pending}
      aria-label={`Remove the forward of host port ${label}`}
      onClick={async () => {
        setPending(true);
        const r = await removeForwardAction(forward.id).catch(() => ({ ok: false as const, error: "The forward could not be removed; see the audit log." }));
        await refresh();
        setPending(false);
        toast(r.ok ? { tone: "ok", content: r.message } : { tone: "error", content: r.error });
      }}
    >
      Remove
    </Button>
  );
}

/** Every forward with its state, where it goes and who made it. */
export function ForwardsTable({ data, canAct }: { data: ForwardsResponse; canAct: boolean }) {
  if (data.forwards.length === 0) {
    return <EmptyNote>No port of this host is forwarded to a container yet. Expose a service from its container&apos;s page, or add a forward here.</EmptyNote>;
  }
  return (
    <Table label="Forwards">
      <thead>
        <tr>
          <Th>Host port</Th>
          <Th>Container</Th>
          <Th>State</Th>
          <Th>Goes to</Th>
          <Th>Made by</Th>
          {canAct && <ActionsTh />}
        </tr>
      </thead>
      <tbody>
        {data.forwards.map((f) => (
          <tr key={f.id} className="h-11">
            <Td>
              <HostPortLink forward={f} hostAddresses={data.limits.hostAddresses} />
            </Td>
            <Td>
              <Link href={`/containers/${encodeURIComponent(f.container)}`} className="font-mono text-accent hover:underline">
                {f.container}
              </Link>
              <span className="font-mono text-xs text-muted">:{f.containerPort}</span>
            </Td>
            <Td>
              <ForwardStateBadge state={f.state} reason={f.reason} />
            </Td>
            <Td className="text-xs">
              {f.target ? <span className="font-mono">{f.target}</span> : <span className="text-muted">{f.reason}</span>}
            </Td>
            <Td className="text-xs whitespace-nowrap">
              {f.createdBy} <span className="text-muted">· {formatTimestamp(f.createdAt)}</span>
            </Td>
            {canAct && (
              <Td className="text-right">
                <RemoveButton forward={f} />
              </Td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
