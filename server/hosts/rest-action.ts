import type { ActionResult } from "@/lib/api-types";
import { containerKey } from "@/lib/hosts";
import { finishAudit, startAudit } from "../audit";
import { failureFields } from "../containers/failure-fields";
import type { Who } from "../containers/who";
import { databaseBusyMessage, isDatabaseBusy } from "../db-errors";
import { incusRun } from "../incus/operations";
import { incusSync } from "../incus/rest";
import { ContainerNotFound, isLxcError } from "../lxc/errors";
import { withContainerLock } from "../lxc/container-lock";
import { formatRestCall, withProject } from "./incus-paths";
import type { HostEntry } from "./registry";

/** One REST call of an action; `operation` when Incus answers with a background operation to wait for. */
export interface RestCall {
  method: string;
  path: string;
  body?: unknown;
  operation?: boolean;
  /** Seconds to wait for the operation (default 120). */
  waitSeconds?: number;
}

export interface RestActionSpec {
  /** The audit row's action ("start", "create", "move"…) and the busy label shown meanwhile. */
  action: string;
  busy: string;
  /** The container's name on the host. */
  name: string;
  calls: RestCall[];
  /** Said on success. */
  done: string;
}

/** The exact calls as the audit row's command: `PUT /1.0/instances/web/state {"action":"start"}; …`. */
export function restCommand(entry: HostEntry, calls: readonly RestCall[]): string {
  return calls.map((c) => formatRestCall(c.method, withProject(c.path, entry.record.project), c.body)).join("; ");
}

/**
 * An action on an Incus container the way every click runs: under the
 * container's lock (TARGET/NAME), an audit row with the exact REST calls
 * before they are sent and completed after, our intent told to the host's
 * store (its changes are this user's, not "outside the dashboard"), then the
 * calls in order, each operation waited for. A 404 says the container no
 * longer exists; any other error answer is Incus's own words.
 */
export function runRestAction(who: Who, entry: HostEntry, spec: RestActionSpec): Promise<ActionResult> {
  const key = containerKey({ name: spec.name, target: entry.record.name });
  const command = restCommand(entry, spec.calls);
  return withContainerLock(key, spec.busy, async (): Promise<ActionResult> => {
    let auditId: number;
    try {
      auditId = await startAudit({ ...who, action: spec.action, container: key, command });
    } catch (err) {
      if (isDatabaseBusy(err)) return { ok: false, error: databaseBusyMessage() };
      throw err;
    }
    entry.store.noteAction(spec.name, who.actor, "before");
    try {
      for (const call of spec.calls) {
        const path = withProject(call.path, entry.record.project);
        if (call.operation) await incusRun(entry.record.endpoint, call.method, path, call.body, { timeoutSeconds: call.waitSeconds ?? 120 });
        else await incusSync(entry.record.endpoint, call.method, path, call.body);
      }
      await finishAudit(auditId, { outcome: "ok", exitCode: 0 });
      return { ok: true, message: spec.done };
    } catch (raw) {
      const err = notFoundAs(raw, spec.name);
      if (!isLxcError(err)) {
        await finishAudit(auditId, { outcome: "failed", detail: "internal error" });
        throw err;
      }
      await finishAudit(auditId, { outcome: "failed", ...failureFields(err) });
      const field = (err as { field?: unknown }).field;
      return { ok: false, error: `${spec.name}: ${err.message}`, ...(typeof field === "string" ? { field } : {}) };
    } finally {
      entry.store.noteAction(spec.name, who.actor, "after");
    }
  });
}

/** Incus's 404 for the instance as the adapter's ContainerNotFound ("container web no longer exists"). */
function notFoundAs(err: unknown, name: string): unknown {
  if (isLxcError(err) && err.code === "HOST_REFUSED" && (err as { status?: number }).status === 404) return new ContainerNotFound(name);
  return err;
}
