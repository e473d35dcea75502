"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { setFixedAddressAction } from "@/app/containers/[name]/settings/address-actions";
import { subnetText, type FixedAddressView } from "@/lib/fixed-address";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** The Settings page's "Fixed address": a DHCP reservation on the container's bridge, checked by the server. */
export function FixedAddressForm({ name, view, canAct }: { name: string; view: FixedAddressView; canAct: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [value, setValue] = useState(view.address ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const subnet = view.bridge ? `${view.bridge.bridge}'s subnet ${subnetText(view.bridge)}` : "its bridge's subnet";

  async function save(address: string) {
    setPending(true);
    const r = await setFixedAddressAction(name, address).catch(() => ({ ok: false as const, error: "The server did not answer; try again in a moment." }));
    setPending(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    toast({ tone: "ok", content: r.message });
    router.refresh();
  }

  return (
    <section aria-labelledby="fixed-address-heading" className="flex max-w-3xl flex-col gap-3">
      <h2 id="fixed-address-heading" className="text-sm font-semibold text-muted">
        Fixed address
      </h2>
      <form
        className="flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(value);
        }}
      >
        <TextField
          id="fixed-address"
          label="IPv4 address"
          value={value}
          placeholder={view.bridge ? view.bridge.address.replace(/\.\d+$/, ".50") : "10.0.3.50"}
          disabled={!canAct || pending || view.unavailable !== null}
          autoComplete="off"
          spellCheck={false}
          className="w-44 font-mono"
          error={error ?? undefined}
          hint={
            view.unavailable ??
            `A DHCP reservation on ${subnet} for its MAC address: it gets this address from its next start, and keeps it. Empty: any free address.`
          }
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
        />
        {canAct && view.unavailable === null && (
          <div className="flex gap-2 pt-6">
            <Button type="submit" variant="primary" disabled={pending}>
              Save address
            </Button>
            {view.address && (
              <Button disabled={pending} onClick={() => void save("")}>
                Let DHCP choose
              </Button>
            )}
          </div>
        )}
      </form>
    </section>
  );
}
