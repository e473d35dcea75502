"use client";

import { useState } from "react";
import { setAlertMuteAction } from "@/app/alerts/actions";
import { TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useAlertAction } from "./use-alert-action";

/** Containers whose alerts are muted (every rule), and a way to mute another. */
export function AlertMutes({ muted }: { muted: string[] }) {
  const action = useAlertAction();
  const [name, setName] = useState("");
  return (
    <div className="flex flex-col gap-3">
      {muted.length === 0 ? (
        <p className="text-sm text-muted">No container is muted.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {muted.map((c) => (
            <li key={c} className="inline-flex items-center gap-2 rounded-md border border-line bg-panel px-2 py-1">
              <span className="font-mono text-sm">{c}</span>
              <Button size="sm" disabled={action.pending} onClick={() => void action.run(() => setAlertMuteAction(c, false))} aria-label={`Unmute ${c}`}>
                Unmute
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => setAlertMuteAction(name.trim(), true)).then((ok) => ok && setName(""));
        }}
      >
        <TextField id="mute-container" label="Mute a container" value={name} onChange={(e) => setName(e.target.value)} error={action.errorFor("container")} className="w-56 font-mono" placeholder="name" />
        <Button type="submit" disabled={action.pending || !name.trim()}>
          Mute
        </Button>
      </form>
    </div>
  );
}
