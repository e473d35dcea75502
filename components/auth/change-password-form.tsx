"use client";

import { useRef, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/app/account/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { NewPasswordFields } from "./new-password-fields";
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
      <NewPasswordFields idPrefix="account-new" name="newPassword" label="New password" fieldError={fieldError} />
      <FormMessage result={message} />
      <Button type="submit" variant="primary" disabled={pending} className="self-start">
        Change password
      </Button>
    </form>
  );
}
