import { rm } from "node:fs/promises";
import path from "node:path";
import type { ActionResult } from "@/lib/api-types";
import { createBackupSchema, restoreBackupSchema } from "@/lib/backup-schemas";
import type { BackupListResponse } from "@/lib/backup-types";
import { containerNameProblem } from "@/lib/container-name";
import { formatArgv, freeBytes, isLxcError } from "../lxc";
import { startAuditedOperation } from "../containers/audited-operation";
import { runAuditedAction } from "../containers/audited-action";
import { refused, schemaRefusal, type StartOperationResult } from "../containers/start-result";
import type { Who } from "../containers/who";
import { archivePath, backupDir, checkedBackupName, exists, listBackups, sidecarPath } from "./backup-dir";
import { planBackup, writeBackup } from "./create-backup";
import { listHalfRestored, planRestore, removeRestoredDir, restoreBackup } from "./restore-backup";

/**
 * Backups as the browser and the scheduler ask for them: the request checked
 * and planned before anything runs (a refusal names its field), then an
 * operation with an audit row carrying the exact commands.
 */

/** A planning refusal (InvalidOption and the like) as the form's field error; anything else is thrown on. */
function planRefusal(err: unknown): StartOperationResult {
  if (!isLxcError(err)) throw err;
  const field = (err as { field?: unknown }).field;
  return refused(typeof field === "string" ? field : "form", err.message);
}

const archiveTarget = (name: string) => `> ${archivePath(name)}`;

export async function startBackup(who: Who, container: string, input: unknown, scheduleId: number | null = null): Promise<StartOperationResult> {
  const problem = containerNameProblem(container);
  if (problem) return refused("name", problem);
  const parsed = createBackupSchema.safeParse(input ?? {});
  if (!parsed.success) return schemaRefusal(parsed.error);
  let plan;
  try {
    plan = await planBackup(container, parsed.data, new Date(), scheduleId);
  } catch (err) {
    return planRefusal(err);
  }
  const command = plan.commands.map((argv) => (argv === plan.tarArgv ? `${formatArgv(argv)} ${archiveTarget(plan.name)}` : formatArgv(argv))).join(" && ");
  const op = startAuditedOperation(
    { who, container, action: "backup", command, cancelled: `The backup of ${container} was cancelled; the partial archive was removed.` },
    async (ctx) => {
      const sidecar = await writeBackup(plan, { onLine: (text, stream) => ctx.line(stream, text), progress: ctx.progress, signal: ctx.signal });
      ctx.line("stdout", `${path.basename(archivePath(plan.name))}: ${sidecar.bytes} bytes, SHA-256 ${sidecar.sha256}`);
      return `${container} backed up as ${plan.name}`;
    },
  );
  return { ok: true, operationId: op.id };
}

export async function startRestore(who: Who, input: unknown): Promise<StartOperationResult> {
  const parsed = restoreBackupSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(issue?.path[0] === "newName" ? "newName" : String(issue?.path[0] ?? "form"), issue?.message ?? "Invalid request.");
  }
  const { backup, newName } = parsed.data;
  let plan;
  try {
    plan = await planRestore(backup, newName);
  } catch (err) {
    const r = planRefusal(err);
    // The container's name is the form's "newName" field.
    return !r.ok && r.fieldErrors.name ? refused("newName", r.fieldErrors.name) : r;
  }
  const command = `${formatArgv(plan.tarArgv)} < ${plan.archive}`;
  const op = startAuditedOperation(
    { who, container: newName, action: "restore backup", command, cancelled: `Restoring ${backup} as ${newName} was cancelled; nothing was left behind.` },
    async (ctx) => {
      await restoreBackup(plan, { onLine: (text, stream) => ctx.line(stream, text), progress: ctx.progress, signal: ctx.signal });
      return `${backup} restored as ${newName}`;
    },
  );
  return { ok: true, operationId: op.id };
}

export async function removeBackup(who: Who, name: unknown): Promise<ActionResult> {
  let checked: string;
  try {
    checked = checkedBackupName(name);
  } catch (err) {
    return { ok: false, error: (err as Error).message, field: "name" };
  }
  if (!(await exists(archivePath(checked)))) return { ok: false, error: `There is no backup ${checked}.`, field: "name" };
  const command = formatArgv(["rm", archivePath(checked), sidecarPath(checked)]);
  return runAuditedAction(who, { action: "delete backup", container: null, command }, async () => {
    await rm(archivePath(checked), { force: true });
    await rm(sidecarPath(checked), { force: true });
    return `Backup ${checked} deleted`;
  });
}

export async function removeHalfRestored(who: Who, name: unknown): Promise<ActionResult> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  const found = (await listHalfRestored()).find((h) => h.name === name);
  if (!found) return { ok: false, error: `There is no half-restored ${String(name)}.` };
  return runAuditedAction(who, { action: "remove half-restored", container: found.name, command: formatArgv(["rm", "-rf", found.dir]) }, async () => {
    await removeRestoredDir(found.dir, []);
    return `The half-restored ${found.name} was removed`;
  });
}

export async function backupList(container?: string): Promise<BackupListResponse> {
  const directory = backupDir();
  const [backups, halfRestored, free] = await Promise.all([listBackups(container), container ? Promise.resolve([]) : listHalfRestored(), freeBytes(directory)]);
  return { directory, freeBytes: free, backups, halfRestored };
}

