"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { addLocalHostAction, addRemoteHostAction } from "@/app/hosts/actions";
import { queryKeys } from "@/lib/query-keys";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useAlertAction } from "@/components/alerts/use-alert-action";

const KINDS = { local: "Incus on this machine (unix socket)", remote: "Remote Incus server or cluster (trust token)" } as const;
type Kind = keyof typeof KINDS;
const KIND_BY_LABEL = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [v, k as Kind]));

/**
 * Adds an Incus target. Local: its unix socket (root's, or a user in
 * incus-admin). Remote: the token `incus config trust add NAME` prints on the
 * server; the dashboard checks the server's certificate against it, then
 * presents it with a client certificate of its own (kept on the server).
 */
export function AddHostForm() {
  const action = useAlertAction();
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>("local");
  const [name, setName] = useState("");
  const [socketPath, setSocketPath] = useState("/var/lib/incus/unix.socket");
  const [token, setToken] = useState("");
  const [address, setAddress] = useState("");

  return (
    <form
      aria-label="Add a host"
      className="grid gap-3 rounded-md border border-line bg-panel p-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const call = kind === "local" ? () => addLocalHostAction({ name, socketPath }) : () => addRemoteHostAction({ name, token, address: address || undefined });
        void action.run(call).then((ok) => {
          void client.invalidateQueries({ queryKey: queryKeys.hosts() });
          if (!ok) return;
          setName("");
          setToken("");
          setAddress("");
        });
      }}
    >
      <SelectField id="host-kind" label="Kind" value={KINDS[kind]} options={Object.values(KINDS)} onChange={(l) => setKind(KIND_BY_LABEL[l] ?? "local")} />
      <TextField
        id="host-name"
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={action.errorFor("name")}
        placeholder={kind === "local" ? "incus" : "lab"}
        className="font-mono"
        autoComplete="off"
      />
      {kind === "local" ? (
        <TextField
          id="host-socket"
          label="Socket"
          value={socketPath}
          onChange={(e) => setSocketPath(e.target.value)}
          error={action.errorFor("socketPath")}
          className="font-mono"
        />
      ) : (
        <>
          <TextField
            id="host-token"
            label="Trust token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            error={action.errorFor("token")}
            hint={
              <>
                On the server: <code className="font-mono">incus config trust add dashboard</code> (it needs{" "}
                <code className="font-mono">core.https_address</code> set). Used once; the server then trusts this dashboard&apos;s own certificate.
              </>
            }
            className="font-mono"
            autoComplete="off"
          />
          <TextField
            id="host-address"
            label="Address (optional)"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            error={action.errorFor("address")}
            hint="host:port, when the token's addresses are not reachable from here."
            placeholder="192.0.2.10:8443"
            className="font-mono"
            autoComplete="off"
          />
        </>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={action.pending}>
          {action.pending ? "Adding…" : "Add host"}
        </Button>
      </div>
    </form>
  );
}
