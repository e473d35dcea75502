"use client";

import { useRef, useState, type FormEvent } from "react";
import { signInAction } from "@/app/login/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useSubmit } from "./use-submit";

/** User name and password; on success a full page load of `next`, so every view starts as this user. */
export function LoginForm({ next }: { next: string }) {
  const { pending, submit, message } = useSubmit(signInAction);
  const [leaving, setLeaving] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const result = await submit(data.get("name"), data.get("password"));
    if (result.ok) {
      setLeaving(true);
      window.location.assign(next);
    } else if (password.current) {
      password.current.value = "";
      password.current.focus();
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <TextField
        id="login-name"
        name="name"
        label="User name"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        required
        autoFocus
      />
      <TextField
        id="login-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        ref={password}
      />
      <FormMessage result={message && !message.ok ? message : null} />
      <Button type="submit" variant="primary" disabled={pending || leaving}>
        {leaving ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
