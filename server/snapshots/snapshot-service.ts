import { containerNameProblem } from "@/lib/container-name";
import { createSnapshotSchema, restoreSnapshotSchema, scheduleTag, snapshotNameSchema } from "@/lib/snapshot-schemas";
import type { ActionResult } from "@/lib/api-types";
import { actionArgv, containerExists, containerInfo, formatArgv } from "../lxc";
import { startAuditedOperation } from "../containers/audited-operation";
import { runAuditedAction } from "../containers/audited-action";
import { refused, schemaRefusal, type StartOperationResult } from "../containers/start-result";
import type { OperationContext } from "../containers/operations";
import type { Who } from "../containers/who";
import { writeCommentFile } from "./comment-file";
import { createSnapshotArgv, deleteSnapshotArgv, restoreSnapshotArgv } from "./snapshot-argv";
import { deleteSnapshot, makeSnapshot, restoreSnapshotAsNew, restoreSnapshotInPlace, type SnapshotHooks } from "./snapshot-ops";

/**
 * Snapshots as the browser and the scheduler ask for them: every field checked
 * before anything runs (a running container needs the confirmation that it
 * will be stopped), then an operation with its audit row and the exact
 * commands (stop and start included when they happen).
 */

function hooksOf(ctx: OperationContext): SnapshotHooks {
  return { onLine: (text, stream) => ctx.line(stream, text), signal: ctx.signal };
}

/** The name's problem, or that it does not exist, as a refusal; null when it is there. */
async function containerRefusal(name: string): Promise<StartOperationResult | null> {
  const problem = containerNameProblem(name);
  if (problem) return refused("name", problem);
  if (!(await containerExists(name))) return refused("name", `container ${name} no longer exists`);
  return null;
}

async function runningNow(name: string): Promise<boolean> {
  return (await containerInfo(name)).state !== "STOPPED";
}

const RUNNING_HINT = "Confirm that it may be stopped for this: lxc-snapshot works only on a stopped container.";

/** `scheduleId`: made by that schedule (its comment starts with the schedule's tag, so retention finds it). */
export async function startSnapshot(who: Who, name: string, input: unknown, scheduleId?: number): Promise<StartOperationResult> {
  const missing = await containerRefusal(name);
  if (missing) return missing;
  const parsed = createSnapshotSchema.safeParse(input ?? {});
  if (!parsed.success) return schemaRefusal(parsed.error);
  const { stopFirst } = parsed.data;
  const comment = scheduleId === undefined ? parsed.data.comment : `${scheduleTag(scheduleId)} ${parsed.data.comment}`.trim();
  const running = await runningNow(name);
  if (running && !stopFirst) return refused("stopFirst", `${name} is running. ${RUNNING_HINT}`);

  const commentFile = await writeCommentFile(comment);
  const argvs = [
    ...(running ? [actionArgv("stop", name)] : []),
    createSnapshotArgv(name, commentFile.path),
    ...(running ? [actionArgv("start", name)] : []),
  ];
  const op = startAuditedOperation(
    {
      who,
      container: name,
      action: "snapshot",
      command: argvs.map(formatArgv).join(" && "),
      cancelled: `The snapshot of ${name} was cancelled; nothing was left behind.`,
    },
    async (ctx) => {
      try {
        const made = await makeSnapshot(name, { commentFile: commentFile.path, stopFirst }, hooksOf(ctx));
        return `${made} of ${name} made${running ? "; it is running again" : ""}`;
      } finally {
        await commentFile.remove();
      }
    },
  );
  return { ok: true, operationId: op.id };
}

export async function startSnapshotRestore(who: Who, name: string, input: unknown): Promise<StartOperationResult> {
  const missing = await containerRefusal(name);
  if (missing) return missing;
  const parsed = restoreSnapshotSchema.safeParse(input);
  if (!parsed.success) return schemaRefusal(parsed.error);
  const { snapshot, newName, stopFirst, startAfter } = parsed.data;

  if (newName) {
    if (await containerExists(newName)) return refused("newName", `A container named ${newName} already exists.`);
    const op = startAuditedOperation(
      {
        who,
        container: newName,
        action: "restore snapshot",
        command: formatArgv(restoreSnapshotArgv(name, snapshot, newName)),
        cancelled: `Restoring ${snapshot} as ${newName} was cancelled; nothing was left behind.`,
      },
      async (ctx) => {
        await restoreSnapshotAsNew(name, snapshot, newName, hooksOf(ctx));
        return `${snapshot} of ${name} restored as ${newName}`;
      },
    );
    return { ok: true, operationId: op.id };
  }

  const running = await runningNow(name);
  if (running && !stopFirst) return refused("stopFirst", `${name} is running. ${RUNNING_HINT}`);
  const argvs = [
    ...(running ? [actionArgv("stop", name)] : []),
    restoreSnapshotArgv(name, snapshot),
    ...(startAfter ? [actionArgv("start", name)] : []),
  ];
  const op = startAuditedOperation(
    {
      who,
      container: name,
      action: "restore snapshot",
      command: argvs.map(formatArgv).join(" && "),
      cancelled: `Restoring ${snapshot} of ${name} was cancelled.`,
    },
    async (ctx) => {
      await restoreSnapshotInPlace(name, snapshot, { stopFirst, startAfter }, hooksOf(ctx));
      return `${name} restored from ${snapshot}${startAfter ? " and started" : ""}`;
    },
  );
  return { ok: true, operationId: op.id };
}

export async function removeSnapshot(who: Who, name: string, snapshot: unknown): Promise<ActionResult> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  const snap = snapshotNameSchema.safeParse(snapshot);
  if (!snap.success) return { ok: false, error: snap.error.issues[0]?.message ?? "Invalid snapshot.", field: "snapshot" };
  const command = formatArgv(deleteSnapshotArgv(name, snap.data));
  return runAuditedAction(who, { action: "delete snapshot", container: name, command }, async () => {
    await deleteSnapshot(name, snap.data);
    return `${snap.data} of ${name} deleted`;
  });
}
