"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/api-types";

const NO_ANSWER: ActionResult = {
  ok: false,
  error: "The dashboard server did not answer; check that it is running and try again.",
};

/**
 * Runs a form's server action and keeps what the form shows: whether it is
 * pending, the error of the field the server named (next to that field), or a
 * form-level message.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<ActionResult>) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);

  async function submit(...args: A): Promise<ActionResult> {
    setPending(true);
    let r: ActionResult;
    try {
      r = await action(...args);
    } catch {
      r = NO_ANSWER;
    }
    setPending(false);
    setResult(r);
    return r;
  }

  return {
    pending,
    submit,
    /** Forget the last outcome (a dialog reopened, a field edited). */
    clear: () => setResult(null),
    fieldError: (field: string): string | undefined =>
      result && !result.ok && result.field === field ? result.error : undefined,
    /** The outcome not tied to a field, for a FormMessage. */
    message: result && (result.ok || !result.field) ? { ok: result.ok, text: result.ok ? result.message : result.error } : null,
  };
}
