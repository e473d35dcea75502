"use client";

import Link from "next/link";
import type { ContainerSummary } from "@/lib/container-types";
import { containerHref, LOCAL_HOST } from "@/lib/hosts";
import type { ListeningService } from "@/lib/services";
import { ServiceChips } from "@/components/services/service-chip";
import type { SparklineSeries } from "@/lib/metrics";
import { Sparkline } from "@/components/metrics/sparkline";
import { busyLabel } from "@/lib/action-labels";
import { formatBytes } from "@/lib/format-units";
import { Td } from "@/components/ui/table";
import { AddressList } from "./address-list";
import { ContainerActions } from "./container-actions";
import { ContainerStateBadge } from "./container-state-badge";
import { useContainerAction } from "./use-container-action";

const UNPRIVILEGED_HINT =
  "Unprivileged: root in the container is an unprivileged uid on the host. The container page shows its idmap.";
const PRIVILEGED_HINT = "Privileged: root in the container is root on the host.";

/**
 * On a phone the table scrolls sideways; the actions stay pinned at its right
 * edge, so every row's actions are in reach without scrolling to them.
 */
export const ACTIONS_CELL = "max-md:sticky max-md:right-0 max-md:z-[1] max-md:shadow-[-1px_0_0_var(--line)]";

/** One container as a row of `lxc-ls --fancy`, with the actions that fit its state. */
export function ContainerRow({
  container,
  busy,
  services,
  usage,
  canAct,
  showHost = false,
}: {
  container: ContainerSummary;
  /** More than one host: the Host column (its target, and cluster member). */
  showHost?: boolean;
  busy: string | null;
  /** What it listens on (running containers only). */
  services: ListeningService[] | undefined;
  /** The last 15 minutes of CPU and memory (running containers sampled since the start). */
  usage: SparklineSeries | undefined;
  /** Whether to show the actions column (admins only). */
  canAct: boolean;
}) {
  const { name } = container;
  const action = useContainerAction(name, undefined, container.target);
  const activity = busy ?? (action.pending ? busyLabel[action.pending] : null);

  return (
    <tr className="hover:bg-panel-raised/50">
      <Td>
        <Link href={containerHref(container)} prefetch={false} className="font-mono font-medium whitespace-nowrap text-accent hover:underline">
          {name}
        </Link>
      </Td>
      {showHost && (
        <Td className="font-mono text-xs whitespace-nowrap">
          {container.target ?? LOCAL_HOST}
          {container.member && <span className="text-muted"> / {container.member}</span>}
        </Td>
      )}
      <Td>
        <ContainerStateBadge state={container.state} busy={activity} />
      </Td>
      <Td>
        <AddressList addresses={container.ipv4} note={container.addressNote} />
      </Td>
      <Td>
        <AddressList addresses={container.ipv6} />
      </Td>
      <Td>
        <ServiceChips services={services} address={container.ipv4[0] ?? null} />
      </Td>
      <Td title={container.unprivileged ? UNPRIVILEGED_HINT : PRIVILEGED_HINT}>
        {container.unprivileged ? "yes" : "no"}
      </Td>
      <Td>{container.autostart ? "yes" : "no"}</Td>
      <Td className="text-right font-mono text-xs whitespace-nowrap">
        {container.memoryBytes === null ? <span className="text-muted">—</span> : formatBytes(container.memoryBytes)}
      </Td>
      <Td className="whitespace-nowrap">
        {usage ? (
          <span className="inline-flex gap-1.5">
            <Sparkline label={`${name} CPU`} unit="percent" t={usage.t} values={usage.cpu} color={0} />
            <Sparkline label={`${name} memory`} unit="bytes" t={usage.t} values={usage.mem} max={usage.memLimit} color={1} />
          </span>
        ) : (
          <span className="text-muted">—</span>
        )}
      </Td>
      <Td className="text-right font-mono text-xs">
        {container.pid === null ? <span className="text-muted">—</span> : container.pid}
      </Td>
      {canAct && (
        <Td className={`${ACTIONS_CELL} max-md:bg-panel`}>
          <ContainerActions
            name={name}
            state={container.state}
            disabled={activity !== null}
            onAction={action.run}
            onDestroy={action.destroy}
            layout="row"
            target={container.target}
          />
        </Td>
      )}
    </tr>
  );
}
