"use client";

import type { ReactNode } from "react";
import type { ListeningService } from "@/lib/services";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { ServiceChip } from "./service-chip";
import { useContainerServices } from "./service-queries";

function Note({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-line bg-panel px-4 py-3 text-sm text-muted">{children}</p>;
}

/**
 * The container page's Services: what it listens on, found from the host
 * (its network namespace's sockets, the program holding each), refreshed
 * with the page. `action` adds a last cell per service (Expose, for admins).
 */
export function ServicesPanel({
  name,
  address,
  action,
}: {
  name: string;
  /** The container's first IPv4 address, for web links. */
  address: string | null;
  action?: (service: ListeningService) => ReactNode;
}) {
  const { data, error, isPending } = useContainerServices(name);
  if (isPending) return <Skeleton className="h-16 w-full" />;
  if (!data) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        The services could not be read: {error?.message ?? "the container no longer exists"}.
      </p>
    );
  }
  if (!data.running) return <Note>{name} is not running, so nothing listens in it.</Note>;
  if (data.services.length === 0) return <Note>Nothing in {name} listens on a TCP or UDP port.</Note>;
  return (
    <Table label="Services">
      <thead>
        <tr>
          <Th>Service</Th>
          <Th>Protocol</Th>
          <Th>Listens on</Th>
          <Th>Program</Th>
          {action && <Th className="text-right">Exposed</Th>}
        </tr>
      </thead>
      <tbody>
        {data.services.map((s) => (
          <tr key={`${s.protocol}/${s.port}/${s.program}`} className="h-10">
            <Td>
              <ServiceChip service={s} address={address} />
            </Td>
            <Td className="font-mono text-xs uppercase">{s.protocol}</Td>
            <Td className="font-mono text-xs">
              {s.addresses.join(", ")}
              {!s.reachable && <span className="ml-2 font-sans text-muted">(loopback only)</span>}
            </Td>
            <Td className="font-mono text-xs">
              {s.program ?? <span className="text-muted">—</span>}
              {s.pid !== null && <span className="text-muted"> · PID {s.pid}</span>}
            </Td>
            {action && <Td className="text-right">{action(s)}</Td>}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
