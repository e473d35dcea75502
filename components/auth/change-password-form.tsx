"use client";

import { useRef, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/app/account/actions";
import { PASSWORD_MIN_LENGTH } from "@/lib/account-schemas";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "./text-field";
import { useSubmit } from "./use-submit";

export function ChangePasswordForm() {
  const { pending, submit, fieldError, message } = useSubmit(changeOwnPasswordAction);
  const form = useRef<HTMLFormElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await submit(Object.fromEntries(new FormData(e.currentTarget)));
    if (result.ok) form.current?.reset();
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="flex flex-col gap-4">
      <TextField
        id="account-old-password"
        name="oldPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={fieldError("oldPassword")}
      />
      <TextField
        id="account-new-password"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={fieldError("newPassword")}
      />
      <TextField
        id="account-confirm-password"
        name="confirm"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={fieldError("confirm")}
      />
      <FormMessage result={message} />
      <Button type="submit" variant="primary" disabled={pending} className="self-start">
        Change password
      </Button>
    </form>
  );
}
