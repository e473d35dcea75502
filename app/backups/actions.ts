"use server";

import { guardedAction } from "@/server/auth/next";
import { removeBackup, removeHalfRestored, startBackup, startRestore } from "@/server/backups/backup-service";
import { whoIs } from "@/server/containers/who";

const backup = guardedAction(
  "admin",
  "backup",
  async (actor, container: string, input: unknown) => startBackup(whoIs(actor), container, input),
  { container: (container) => container },
);
const restore = guardedAction(
  "admin",
  "restore backup",
  async (actor, input: unknown) => startRestore(whoIs(actor), input),
  { container: (input) => (input as { newName?: unknown } | null)?.newName as string | undefined },
);
const remove = guardedAction("admin", "delete backup", async (actor, name: unknown) => removeBackup(whoIs(actor), name));
const removeHalf = guardedAction("admin", "remove half-restored", async (actor, name: unknown) => removeHalfRestored(whoIs(actor), name));

/** Starts a backup of the container (an operation to watch); refusals name their field. */
export async function startBackupAction(container: string, input: unknown) {
  const r = await backup(container, input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}

/** Restores a backup in the directory into a new container. */
export async function restoreBackupAction(input: unknown) {
  const r = await restore(input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}

export async function deleteBackupAction(name: unknown) {
  return remove(name);
}

export async function removeHalfRestoredAction(name: unknown) {
  return removeHalf(name);
}
