"use client";

import { useId, useRef, type FormEvent } from "react";
import { addUserAction } from "@/app/users/actions";
import { ROLES } from "@/lib/roles";
import { Button } from "@/components/ui/button";
import { Field, fieldAria, fieldControl, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { NewPasswordFields } from "./new-password-fields";
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
      <Field id={roleId} label="Role" error={roleError}>
        <select id={roleId} name="role" defaultValue="viewer" className={fieldControl} {...fieldAria(roleId, roleError)}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </Field>
      <NewPasswordFields idPrefix="add-user" fieldError={fieldError} />
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormMessage result={message} />
        <Button type="submit" variant="primary" disabled={pending} className="self-start">
          Add user
        </Button>
      </div>
    </form>
  );
}
