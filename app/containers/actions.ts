"use server";

import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { guardedAction } from "@/server/auth/next";
import { performAction } from "@/server/containers/container-actions";
import { whoIs } from "@/server/containers/who";
import { startClone } from "@/server/clones/clone-service";

const act = guardedAction(
  "admin",
  "container action",
  async (actor, name: string, action: LifecycleAction) => performAction(whoIs(actor), name, action),
  { container: (name) => name },
);

export async function runContainerAction(name: string, action: LifecycleAction): Promise<ActionResult> {
  if (action === "destroy") return { ok: false, error: "Destroy asks for the container's name first." };
  return act(name, action);
}

/** Destroy deletes all of the container's data, so the person types its name first. */
export async function destroyContainerAction(name: string, typedName: string): Promise<ActionResult> {
  if (typedName !== name) return { ok: false, error: `Type ${name} to confirm.`, field: "confirm" };
  return act(name, "destroy");
}

const clone = guardedAction(
  "admin",
  "clone",
  async (actor, name: string, input: unknown) => startClone(whoIs(actor), name, input),
  { container: (name) => name },
);

/** Starts lxc-copy as an operation to watch; a taken name or a running source without consent is refused at its field. */
export async function startCloneAction(name: string, input: unknown) {
  const r = await clone(name, input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}
