import { z } from "zod";
import { containerNameSchema } from "./container-name";

/** lxc-snapshot names snapshots itself: snap0, snap1, … A name from the browser must be one of those. */
export const snapshotNameSchema = z
  .string({ error: "Choose a snapshot." })
  .regex(/^snap[0-9]{1,6}$/, "A snapshot is named snap0, snap1, … as lxc-snapshot names them.");

/** One line of plain text: it is shown in a table cell and written to lxc-snapshot's comment file. */
export const snapshotCommentSchema = z
  .string()
  .trim()
  .max(200, "A comment has at most 200 characters.")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "A comment is one line of text, without control characters.");

export const createSnapshotSchema = z.object({
  comment: snapshotCommentSchema.default(""),
  /** The container runs: lxc-snapshot needs it stopped, so stop it first (and start it again afterwards). */
  stopFirst: z.boolean().default(false),
});

export const restoreSnapshotSchema = z.object({
  snapshot: snapshotNameSchema,
  /** Restore into a new container of this name (lxc-snapshot -N) instead of over the container itself. */
  newName: containerNameSchema.optional(),
  /** Restoring over a running container: stop it first (the confirmation said so). */
  stopFirst: z.boolean().default(false),
  /** Start the container again afterwards (it was running before). */
  startAfter: z.boolean().default(false),
});

export type CreateSnapshotRequest = z.infer<typeof createSnapshotSchema>;
export type RestoreSnapshotRequest = z.infer<typeof restoreSnapshotSchema>;

/** A snapshot made by a schedule carries "[schedule N]" at the start of its comment, so retention deletes only its own. */
export function scheduleTag(scheduleId: number): string {
  return `[schedule ${scheduleId}]`;
}

export function scheduleIdOfComment(comment: string): number | null {
  const m = /^\[schedule (\d+)\]/.exec(comment);
  return m ? Number(m[1]) : null;
}
