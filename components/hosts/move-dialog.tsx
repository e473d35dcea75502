"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { moveToMemberAction } from "@/app/hosts/actions";
import type { HostCreateOptions } from "@/lib/hosts";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { Field, fieldAria, fieldControl } from "@/components/ui/field";
import { useAlertAction } from "@/components/alerts/use-alert-action";
import { failure, fetchJson } from "@/components/containers/container-queries";

/** "Move…" for a stopped container of an Incus cluster: to another member, one REST call shown before it is sent. */
export function MoveToMember({ target, name, member, stopped }: { target: string; name: string; member: string | null; stopped: boolean }) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const action = useAlertAction();
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: ["hosts", target, "create-options"],
    queryFn: async (): Promise<HostCreateOptions> => {
      const res = await fetchJson(`/api/hosts/${encodeURIComponent(target)}/create-options`);
      if (!res.ok) throw await failure(res);
      return (await res.json()) as HostCreateOptions;
    },
    enabled: open,
  });
  const others = (data?.members ?? []).filter((m) => m.name !== member);
  const chosen = to || others[0]?.name || "";
  return (
    <>
      <Button disabled={!stopped} title={stopped ? undefined : "Stop it first: a move between members is for stopped containers"} onClick={() => setOpen(true)}>
        Move…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Move ${name} to another member`}>
        <div className="flex flex-col gap-3">
          <Field id="move-member" label="To member" error={action.errorFor("member")}>
            <select id="move-member" {...fieldAria("move-member", action.errorFor("member"))} className={fieldControl} value={chosen} onChange={(e) => setTo(e.target.value)}>
              {others.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name} ({m.status})
                </option>
              ))}
            </select>
          </Field>
          <CodeBlock text={`POST /1.0/instances/${name}?target=${chosen || "MEMBER"} {"name":"${name}","migration":true,"live":false}`} label="the move request" />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="primary"
              disabled={action.pending || !chosen}
              onClick={() =>
                void action.run(() => moveToMemberAction(target, name, chosen)).then((ok) => {
                  void client.invalidateQueries({ queryKey: ["hosts", target, "containers", name] });
                  if (ok) setOpen(false);
                })
              }
            >
              {action.pending ? "Moving…" : "Move"}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
