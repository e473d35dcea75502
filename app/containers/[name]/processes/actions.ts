"use server";

import type { ActionResult } from "@/lib/api-types";
import type { SignalRequest } from "@/lib/process-types";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { signalProcessAudited } from "@/server/processes/audited-signal";

const signal = guardedAction(
  "admin",
  "signal process",
  async (actor, name: string, request: SignalRequest) => signalProcessAudited(whoIs(actor), name, request),
  { container: (name) => name },
);

/** The Processes tab's row action: SIGTERM or SIGKILL to one process, checked and audited on the server. */
export async function signalProcess(name: string, request: SignalRequest): Promise<ActionResult> {
  return signal(name, request);
}
