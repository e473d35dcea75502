"use server";

import type { ForwardActionResult, ForwardProtocol } from "@/lib/forwards";
import { FORWARD_PROTOCOLS } from "@/lib/forwards";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { createForward, removeForward, suggestHostPort } from "@/server/forwards/forward-service";

const create = guardedAction(
  "admin",
  "expose port",
  async (actor, input: unknown) => createForward(whoIs(actor), input),
  { container: (input) => (input && typeof input === "object" && "container" in input ? String(input.container) : undefined) },
);

const remove = guardedAction("admin", "remove forward", async (actor, id: number) => removeForward(whoIs(actor), Number(id)));

const suggest = guardedAction("admin", "suggest a host port", async (_actor, protocol: string, containerPort: number) => {
  if (!(FORWARD_PROTOCOLS as readonly string[]).includes(protocol) || !Number.isInteger(containerPort)) return { ok: true as const, port: null };
  return { ok: true as const, port: await suggestHostPort(protocol as ForwardProtocol, containerPort) };
});

/** Forwards a host port to a container's port (Expose, or the Ports page's form). */
export async function createForwardAction(input: unknown): Promise<ForwardActionResult> {
  const r = await create(input);
  return "refusal" in r ? { ok: false, error: r.error, fieldErrors: {} } : r;
}

export async function removeForwardAction(id: number): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  return remove(id);
}

/** A free host port to prefill for a container port (port null when none of the candidates is free). */
export async function suggestHostPortAction(
  protocol: string,
  containerPort: number,
): Promise<{ ok: true; port: number | null } | { ok: false; error: string }> {
  return suggest(protocol, containerPort);
}
