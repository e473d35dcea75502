"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { removeUserAction, resetPasswordAction, setUserDisabledAction } from "@/app/users/actions";
import type { ActionResult } from "@/lib/api-types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { FormMessage } from "@/components/ui/form-message";
import { NewPasswordFields } from "./new-password-fields";
import { useSubmit } from "./use-submit";
import type { UserView } from "./users-admin";

/** Disable/Enable, Reset password and Remove for one account; outcomes as toasts. */
export function UserRowActions({ user, self }: { user: UserView; self: boolean }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<"reset" | "remove" | null>(null);

  async function run(call: () => Promise<ActionResult>) {
    setBusy(true);
    let result: ActionResult;
    try {
      result = await call();
    } catch {
      result = { ok: false, error: "The dashboard server did not answer; try again." };
    }
    setBusy(false);
    toast(result.ok ? { tone: "ok", content: result.message } : { tone: "error", content: result.error });
  }

  if (self) {
    return (
      <Link href="/account" className="text-xs whitespace-nowrap text-accent hover:underline">
        Change your password on the Account page
      </Link>
    );
  }

  return (
    // One line, so every account's row keeps one height (on a phone the table scrolls instead).
    <div className="flex items-center gap-1.5">
      <Button size="sm" disabled={busy} onClick={() => run(() => setUserDisabledAction(user.id, !user.disabled))}>
        {user.disabled ? "Enable" : "Disable"}
      </Button>
      <Button size="sm" disabled={busy} onClick={() => setDialog("reset")}>
        Reset password
      </Button>
      <Button size="sm" variant="danger" disabled={busy} onClick={() => setDialog("remove")}>
        Remove
      </Button>
      <ResetPasswordDialog user={user} open={dialog === "reset"} onClose={() => setDialog(null)} />
      <Dialog open={dialog === "remove"} onClose={() => setDialog(null)} title={`Remove ${user.name}?`}>
        <p>
          The account goes and every session of it is signed out. What {user.name} did stays in the audit log.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setDialog(null)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() => {
              setDialog(null);
              void run(() => removeUserAction(user.id));
            }}
          >
            Remove
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function ResetPasswordDialog({ user, open, onClose }: { user: UserView; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const { pending, submit, fieldError, message, clear } = useSubmit((input: unknown) => resetPasswordAction(user.id, input));

  function close() {
    clear();
    onClose();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await submit(Object.fromEntries(new FormData(e.currentTarget)));
    if (result.ok) {
      toast({ tone: "ok", content: result.message });
      close();
    }
  }

  return (
    <Dialog open={open} onClose={close} title={`Reset the password of ${user.name}`}>
      <p className="text-muted">Every session of {user.name} is signed out; tell them the new password.</p>
      <form onSubmit={onSubmit} className="mt-4 flex flex-col gap-3">
        <NewPasswordFields idPrefix={`reset-${user.id}`} label="New password" fieldError={fieldError} autoFocus />
        <FormMessage result={message && !message.ok ? message : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            Set password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
