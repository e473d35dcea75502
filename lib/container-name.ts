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

/**
 * Incus's own rule for instance names (validate.IsHostname in Incus 6.0):
 * 1–63 of [A-Za-z0-9-], no leading or trailing "-", and not a number, where
 * "a number" is one Go's ParseUint reads (at most 2^64 − 1): a longer string
 * of digits is a valid Incus name but never a classic one here, while '/' is
 * Incus's snapshot delimiter. Checked for containers on an Incus host; this
 * machine's classic containers keep containerNameSchema.
 */
export function incusNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name.length === 0) return "Enter a container name.";
  if (name.includes("/")) return "'/' is reserved for Incus snapshots.";
  if (name.length > 63) return "A name has at most 63 characters.";
  if (!/^[A-Za-z0-9-]+$/.test(name)) return "Use only letters, digits and '-'.";
  if (name.startsWith("-") || name.endsWith("-")) return "A name cannot start or end with '-'.";
  if (/^[0-9]+$/.test(name) && BigInt(name) <= 18446744073709551615n) return "A name cannot be a number.";
  return null;
}
