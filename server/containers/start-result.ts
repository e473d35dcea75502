import type { z } from "zod";

/** What starting an operation answers: its id to watch, or why it was refused, by field. */
export type StartOperationResult = { ok: true; operationId: string } | { ok: false; error: string; fieldErrors: Record<string, string> };

export function refused(field: string, error: string): StartOperationResult {
  return { ok: false, error, fieldErrors: { [field]: error } };
}

/** The first problem a schema found, as a refusal of its field ("form" when it has no path). */
export function schemaRefusal(error: z.ZodError): StartOperationResult {
  const issue = error.issues[0];
  return refused(String(issue?.path[0] ?? "form"), issue?.message ?? "The request is not valid.");
}
