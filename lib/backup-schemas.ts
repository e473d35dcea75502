import { z } from "zod";
import { containerNameSchema } from "./container-name";
import { snapshotCommentSchema } from "./snapshot-schemas";

/** Every backup is one file NAME.tar.zst in the backup directory, with NAME.tar.zst.json beside it (checksum, manifest, seal). */
export const BACKUP_EXTENSION = ".tar.zst";

/** A backup's name: its file name without .tar.zst. Letters, digits, '.', '_' and '-', never a path. */
export const backupNameSchema = z
  .string({ error: "Enter a backup name." })
  .min(1, "Enter a backup name.")
  .max(120, "A backup name has at most 120 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, '.', '_' and '-', starting with a letter or digit.")
  .refine((s) => !s.includes(".."), "A backup name cannot contain '..'.");

/** What to do with a running container for the copy: stop it (consistent), freeze it (paused, no shutdown), or copy it as it runs. */
export const RUNNING_MODES = ["stop", "freeze", "live"] as const;
export type RunningMode = (typeof RUNNING_MODES)[number];

export const runningModeLabel: Record<RunningMode, string> = {
  stop: "Stop it for the copy, start it again after (consistent)",
  freeze: "Freeze it for the copy (paused, not shut down)",
  live: "Copy it while it runs (files being written may be caught half-way)",
};

export const createBackupSchema = z.object({
  name: backupNameSchema.optional(),
  comment: snapshotCommentSchema.default(""),
  /** Required when the container runs. */
  whileRunning: z.enum(RUNNING_MODES, { error: "Choose what to do with the running container." }).optional(),
});

export const restoreBackupSchema = z.object({
  backup: backupNameSchema,
  newName: containerNameSchema,
});

export type CreateBackupRequest = z.infer<typeof createBackupSchema>;
export type RestoreBackupRequest = z.infer<typeof restoreBackupSchema>;

const pad = (n: number) => String(n).padStart(2, "0");

/** "web-20261130-221314" (UTC): the name a backup gets unless one is given. */
export function defaultBackupName(container: string, at: Date): string {
  const d = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const t = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  return `${container}-${d}-${t}`;
}
