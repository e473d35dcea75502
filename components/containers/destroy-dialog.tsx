"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Asks for the container's name before destroying it, and says what is lost. */
export function DestroyDialog({
  name,
  open,
  onClose,
  onConfirm,
}: {
  name: string;
  open: boolean;
  onClose: () => void;
  onConfirm: (typedName: string) => void;
}) {
  const [typed, setTyped] = useState("");
  const inputId = useId();

  function close() {
    setTyped("");
    onClose();
  }

  return (
    <Dialog open={open} onClose={close} title={`Destroy ${name}?`}>
      <p>
        All of the container&apos;s data goes with it: its root filesystem, its configuration and everything
        inside. This cannot be undone.
      </p>
      <form
        className="mt-4 flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed !== name) return;
          onConfirm(typed);
          close();
        }}
      >
        <label htmlFor={inputId} className="text-sm">
          Type <span className="font-mono font-semibold">{name}</span> to confirm
        </label>
        <input
          id={inputId}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          autoFocus
          className="h-9 rounded-md border border-line bg-panel px-2.5 font-mono text-sm"
        />
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={typed !== name}>
            Destroy
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
