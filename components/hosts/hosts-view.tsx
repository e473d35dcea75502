"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { checkHostAction, removeHostAction } from "@/app/hosts/actions";
import type { HostSummary } from "@/lib/hosts";
import { queryKeys } from "@/lib/query-keys";
import { useCanAct } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { ActionsTh, SkeletonRows, Table, TableMessageRow, Td, Th } from "@/components/ui/table";
import { useAlertAction } from "@/components/alerts/use-alert-action";
import { AddHostForm } from "./add-host-form";
import { HostHealthCell, MembersCell, StreamCell } from "./host-health";
import { useHosts } from "./host-queries";

const KIND_LABEL = { lxc: "LXC", incus: "Incus" } as const;
const TRANSPORT_LABEL = { lxcpath: "lxcpath", socket: "unix socket", https: "HTTPS" } as const;

function RemoveDialog({ host, onClose }: { host: HostSummary; onClose: () => void }) {
  const action = useAlertAction();
  const client = useQueryClient();
  return (
    <Dialog open onClose={onClose} title={`Remove ${host.name}?`}>
      <p className="text-sm">
        Its containers leave this dashboard&apos;s list; nothing on {host.name} is stopped or deleted.
        {host.transport === "https" && " The server is asked to forget the dashboard's certificate."}
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Keep it</Button>
        <Button
          variant="danger"
          disabled={action.pending}
          onClick={() =>
            void action.run(() => removeHostAction(host.name)).then(() => {
              void client.invalidateQueries({ queryKey: queryKeys.hosts() });
              onClose();
            })
          }
        >
          Remove {host.name}
        </Button>
      </div>
    </Dialog>
  );
}

function HostRow({ host, canAct, onRemove }: { host: HostSummary; canAct: boolean; onRemove: () => void }) {
  const check = useAlertAction();
  const client = useQueryClient();
  return (
    <tr>
      <Td>
        <span className="font-mono font-medium">{host.name}</span>
      </Td>
      <Td>{KIND_LABEL[host.kind]}</Td>
      <Td>
        <div className="flex items-center gap-1">
          <span className="font-mono text-xs break-all">{host.address}</span>
          <CopyButton text={host.address} label={`${host.name}'s address`} />
        </div>
        <div className="text-xs text-muted">
          {TRANSPORT_LABEL[host.transport]}
          {host.fingerprint && (
            <span title={`Pinned server certificate, SHA-256 ${host.fingerprint}`} className="font-mono">
              {" "}
              · cert {host.fingerprint.slice(0, 12)}…
            </span>
          )}
        </div>
      </Td>
      <Td>
        <HostHealthCell health={host.health} />
      </Td>
      <Td className="font-mono text-xs whitespace-nowrap">{host.health.version ?? <span className="text-muted">—</span>}</Td>
      <Td>
        <MembersCell health={host.health} />
      </Td>
      <Td>
        <StreamCell health={host.health} />
      </Td>
      <Td className="text-right font-mono text-xs">{host.health.containers}</Td>
      <Td>
        {host.kind === "incus" && (
          <div className="flex gap-1.5">
            <Button
              size="sm"
              disabled={check.pending}
              onClick={() => void check.run(() => checkHostAction(host.name)).finally(() => void client.invalidateQueries({ queryKey: queryKeys.hosts() }))}
            >
              {check.pending ? "Checking…" : "Check"}
            </Button>
            {canAct && (
              <Button size="sm" variant="danger" onClick={onRemove}>
                Remove
              </Button>
            )}
          </div>
        )}
      </Td>
    </tr>
  );
}

/** Every target with its health and kind (LXC / Incus); admins add Incus hosts and remove them. */
export function HostsView() {
  const { data, error, isPending } = useHosts();
  const canAct = useCanAct();
  const [removing, setRemoving] = useState<HostSummary | null>(null);
  const columns = 9;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Hosts</h1>
        <p className="text-sm text-muted">
          Where containers live: this machine&apos;s classic LXC, and Incus daemons, on this machine or remote (a server or a
          cluster). With more than one, the container list gets a Host column.
        </p>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The hosts could not be read: {error.message}
        </p>
      )}
      <Table label="Hosts">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Kind</Th>
            <Th>Address</Th>
            <Th>Health</Th>
            <Th>Version</Th>
            <Th>Members</Th>
            <Th>Events</Th>
            <Th className="text-right">Containers</Th>
            <ActionsTh />
          </tr>
        </thead>
        <tbody>
          {isPending && <SkeletonRows rows={2} columns={columns} />}
          {data?.map((host) => <HostRow key={host.name} host={host} canAct={canAct} onRemove={() => setRemoving(host)} />)}
          {data && data.length === 0 && <TableMessageRow columns={columns}>No hosts.</TableMessageRow>}
        </tbody>
      </Table>
      {canAct && (
        <section className="flex flex-col gap-2">
          <h2 className="text-base font-semibold">Add an Incus host</h2>
          <AddHostForm />
        </section>
      )}
      {removing && <RemoveDialog host={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}
