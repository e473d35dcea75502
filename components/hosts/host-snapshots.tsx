"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { hostSnapshotActionAction } from "@/app/hosts/actions";
import { snapshotNameProblem, type HostSnapshot } from "@/lib/hosts";
import { formatBytes } from "@/lib/format-units";
import { useCanAct } from "@/components/layout/current-user";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { ActionsTh, SkeletonRows, Table, TableMessageRow, Td, Th } from "@/components/ui/table";
import { useAlertAction } from "@/components/alerts/use-alert-action";
import { fetchOrNull } from "@/components/containers/container-queries";
import { ContainerNotFound } from "@/components/containers/container-not-found";
import { HostContainerHeader } from "./host-container-header";
import { hostContainerUrl } from "./host-container-queries";

function useHostSnapshots(target: string, name: string) {
  return useQuery({
    queryKey: ["hosts", target, "containers", name, "snapshots"],
    queryFn: () => fetchOrNull<HostSnapshot[]>(hostContainerUrl(target, name, "/snapshots")),
  });
}

/** An Incus container's snapshots: take one (a name, or Incus's snapN), restore over the container, delete. */
export function HostSnapshots({ target, name }: { target: string; name: string }) {
  const { data, error, isPending } = useHostSnapshots(target, name);
  const canAct = useCanAct();
  const action = useAlertAction();
  const client = useQueryClient();
  const [snap, setSnap] = useState("");
  const [confirm, setConfirm] = useState<{ op: "restore" | "delete"; snapshot: string } | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ["hosts", target, "containers", name] });
  const run = (op: "create" | "restore" | "delete", snapshot: string) =>
    action.run(() => hostSnapshotActionAction(target, name, op, snapshot)).then((ok) => {
      refresh();
      return ok;
    });

  if (data === null) return <ContainerNotFound name={name} />;
  return (
    <div className="flex flex-col gap-6">
      <HostContainerHeader target={target} name={name} current="Snapshots" />
      {canAct && (
        <form
          aria-label="Take a snapshot"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void run("create", snap.trim()).then((ok) => ok && setSnap(""));
          }}
        >
          <TextField id="snapshot-name" label="Snapshot name (optional)" value={snap} onChange={(e) => setSnap(e.target.value)} error={action.errorFor("snapshot") ?? snapshotNameProblem(snap.trim()) ?? undefined} placeholder="snap0" className="font-mono" />
          <Button type="submit" variant="primary" disabled={action.pending}>
            Take snapshot
          </Button>
        </form>
      )}
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-300">The snapshots could not be read: {error.message}</p>}
      <Table label={`Snapshots of ${name}`}>
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Taken</Th>
            <Th className="text-right">Size</Th>
            {canAct && <ActionsTh />}
          </tr>
        </thead>
        <tbody>
          {isPending && <SkeletonRows rows={2} columns={canAct ? 4 : 3} />}
          {data?.map((s) => (
            <tr key={s.name}>
              <Td className="font-mono">{s.name}</Td>
              <Td>
                <time dateTime={s.createdAt}>{new Date(s.createdAt).toLocaleString()}</time>
              </Td>
              <Td className="text-right font-mono text-xs">{s.sizeBytes === null ? "—" : formatBytes(s.sizeBytes)}</Td>
              {canAct && (
                <Td>
                  <div className="flex gap-1.5">
                    <Button size="sm" onClick={() => setConfirm({ op: "restore", snapshot: s.name })}>
                      Restore
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => setConfirm({ op: "delete", snapshot: s.name })}>
                      Delete
                    </Button>
                  </div>
                </Td>
              )}
            </tr>
          ))}
          {data && data.length === 0 && <TableMessageRow columns={canAct ? 4 : 3}>No snapshots yet.</TableMessageRow>}
        </tbody>
      </Table>
      {confirm && (
        <Dialog open onClose={() => setConfirm(null)} title={confirm.op === "restore" ? `Restore ${name} from ${confirm.snapshot}?` : `Delete snapshot ${confirm.snapshot}?`}>
          <p className="text-sm">
            {confirm.op === "restore"
              ? `Everything on ${name} since ${confirm.snapshot} is replaced by the snapshot; a running container is stopped and started again by Incus.`
              : `The snapshot ${confirm.snapshot} of ${name} is deleted; the container is not touched.`}
          </p>
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button
              variant={confirm.op === "delete" ? "danger" : "primary"}
              disabled={action.pending}
              onClick={() => void run(confirm.op, confirm.snapshot).then(() => setConfirm(null))}
            >
              {confirm.op === "restore" ? "Restore" : "Delete"}
            </Button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
