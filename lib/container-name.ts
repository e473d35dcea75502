import { z } from "zod";

/**
 * The one rule for container names, checked before any process is spawned.
 * Incus's rule: 1–63 of [A-Za-z0-9-], no leading or trailing "-", not all
 * digits. It keeps names safe as argv entries, paths and DNS labels.
 */
export const containerNameSchema = z
  .string({ error: "Enter a container name." })
  .min(1, "Enter a container name.")
  .max(63, "A name has at most 63 characters.")
  .regex(/^[A-Za-z0-9-]+$/, "Use only letters, digits and '-'.")
  .refine((s) => !s.startsWith("-") && !s.endsWith("-"), "A name cannot start or end with '-'.")
  .refine((s) => !/^[0-9]+$/.test(s), "A name cannot be only digits.");

export type ContainerName = z.infer<typeof containerNameSchema> & { readonly __brand?: "ContainerName" };

/** The first problem with a name, or null when it is valid. */
export function containerNameProblem(name: unknown): string | null {
  const r = containerNameSchema.safeParse(name);
  return r.success ? null : (r.error.issues[0]?.message ?? "Invalid name.");
}
