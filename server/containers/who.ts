import type { Actor } from "../auth/access-check";

/** Who asked for an action, as the audit log records it. */
export interface Who {
  actor: string;
  address: string | null;
}

export function whoIs(actor: Actor): Who {
  return { actor: actor.name, address: actor.address };
}
