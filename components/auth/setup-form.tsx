"use client";

import { useState, type FormEvent } from "react";
import { createFirstAdmin } from "@/app/setup/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { NewPasswordFields } from "./new-password-fields";
import { useSubmit } from "./use-submit";

/** The first admin: the setup token proves access to the server; then name and password twice. */
export function SetupForm({ tokenFile }: { tokenFile: string }) {
  const { pending, submit, fieldError, message } = useSubmit(createFirstAdmin);
  const [leaving, setLeaving] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const result = await submit(Object.fromEntries(data));
    if (result.ok) {
      setLeaving(true);
      window.location.assign("/");
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <TextField
        id="setup-token"
        name="token"
        label="Setup token"
        hint={`Printed on the server's console at start, and in ${tokenFile}.`}
        error={fieldError("token")}
        autoComplete="off"
        spellCheck={false}
        className="font-mono"
        autoFocus
      />
      <TextField
        id="setup-name"
        name="name"
        label="User name"
        hint="Letters, digits, '.', '_' and '-', starting with a letter."
        error={fieldError("name")}
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
      />
      <NewPasswordFields idPrefix="setup" fieldError={fieldError} />
      <FormMessage result={message && !message.ok ? message : null} />
      <Button type="submit" variant="primary" disabled={pending || leaving}>
        {leaving ? "Signing in…" : "Create admin"}
      </Button>
    </form>
  );
}
