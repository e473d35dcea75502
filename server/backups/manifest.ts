import { z } from "zod";

const idMapEntry = z.object({
  kind: z.enum(["u", "g"]),
  containerId: z.number().int().min(0),
  hostId: z.number().int().min(0),
  count: z.number().int().min(1),
});

export const MANIFEST_FORMAT = "lxc-dashboard-backup/1";

/**
 * manifest.json, the archive's first member: what was backed up and how its
 * ids are stored. Unprivileged rootfs ids are the container's own (0…65535,
 * tar ran in a user namespace with the container's map), so a restore maps
 * them onto whatever range the restoring host has.
 */
export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  container: z.string().min(1).max(63),
  createdAt: z.string(),
  comment: z.string().max(300).default(""),
  /** Where it lived: config paths under LXCPATH/NAME are rewritten on restore. */
  lxcpath: z.string(),
  /** The source's lxc.idmap lines; empty for a privileged container. */
  idmap: z.array(idMapEntry),
  /** "container": rootfs ids as seen inside (an unprivileged source); "host": as on the host (privileged). */
  ids: z.enum(["container", "host"]),
  rootfsBytes: z.number().int().min(0),
  scheduleId: z.number().int().nullable().default(null),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** NAME.tar.zst.json beside the archive: its checksum and manifest, sealed by this dashboard. */
export const sidecarSchema = z.object({
  manifest: manifestSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  /** What it unpacks to (every member's size), for the free-space check before a restore. */
  contentBytes: z.number().int().min(0),
  /** HMAC-SHA256 of the rest with this dashboard's key: it made or checked the archive, and nobody changed this file since. */
  seal: z.string(),
});

export type Sidecar = z.infer<typeof sidecarSchema>;
