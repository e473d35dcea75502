import { z } from "zod";
import { containerNameSchema } from "./container-name";

/**
 * A clone (lxc-copy): a full, independent copy, or a copy-on-write snapshot
 * clone (-s: a btrfs/ZFS/LVM snapshot, or overlayfs over the source on a
 * directory store, so the source must then stay).
 */
export const cloneRequestSchema = z.object({
  newName: containerNameSchema,
  mode: z.enum(["copy", "snapshot"], { error: "Choose a full copy or a snapshot clone." }).default("copy"),
  /** The source runs: copy it anyway (lxc-copy -a); files being written may be caught half-way. */
  whileRunning: z.boolean().default(false),
});

export type CloneRequest = z.infer<typeof cloneRequestSchema>;

/** The lxc-copy flags of a request, after -n SRC -N NEW. */
export function cloneFlags(request: Pick<CloneRequest, "mode" | "whileRunning">): string[] {
  return [...(request.mode === "snapshot" ? ["-s"] : []), ...(request.whileRunning ? ["-a"] : [])];
}
