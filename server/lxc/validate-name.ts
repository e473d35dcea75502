import { containerNameSchema } from "@/lib/container-name";
import { InvalidName } from "./errors";

/** The name, if the schema accepts it; otherwise InvalidName with the schema's field message. */
export function validContainerName(name: unknown): string {
  const r = containerNameSchema.safeParse(name);
  if (!r.success) throw new InvalidName(r.error.issues[0]?.message ?? "Invalid name.");
  return r.data;
}
