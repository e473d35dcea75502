"use client";

import { useId, useRef, type FormEvent } from "react";
import { addUserAction } from "@/app/users/actions";
import { PASSWORD_MIN_LENGTH } from "@/lib/account-schemas";
import { ROLES } from "@/lib/roles";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField, errorText, fieldControl } from "./text-field";
import { useSubmit } from "./use-submit";

export function AddUserForm() {
  const { pending, submit, fieldError, message } = useSubmit(addUserAction);
  const form = useRef<HTMLFormElement>(null);
  const roleId = useId();
  const roleError = fieldError("role");

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await submit(Object.fromEntries(new FormData(e.currentTarget)));
    if (result.ok) form.current?.reset();
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <TextField
        id="add-user-name"
        name="name"
        label="User name"
        hint="Letters, digits, '.', '_' and '-', starting with a letter."
        error={fieldError("name")}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        className="font-mono"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={roleId} className="text-sm font-medium">
          Role
        </label>
        <select
          id={roleId}
          name="role"
          defaultValue="viewer"
          aria-invalid={roleError ? true : undefined}
          className={fieldControl}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        {roleError && <p className={errorText}>{roleError}</p>}
      </div>
      <TextField
        id="add-user-password"
        name="password"
        label="Password"
        type="password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={fieldError("password")}
        autoComplete="new-password"
      />
      <TextField
        id="add-user-confirm"
        name="confirm"
        label="Confirm password"
        type="password"
        error={fieldError("confirm")}
        autoComplete="new-password"
      />
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormMessage result={message} />
        <Button type="submit" variant="primary" disabled={pending} className="self-start">
          Add user
        </Button>
      </div>
    </form>
  );
}
