import { snapshotNameSchema } from "@/lib/snapshot-schemas";
import { InvalidOption, lxcPath, validContainerName } from "../lxc";

/** The exact lxc-snapshot commands, with every name checked first. */

function target(name: string): string[] {
  return ["lxc-snapshot", "-P", lxcPath(), "-n", validContainerName(name)];
}

function snapshotName(snapshot: string): string {
  const r = snapshotNameSchema.safeParse(snapshot);
  if (!r.success) throw new InvalidOption("snapshot", r.error.issues[0]?.message ?? "Invalid snapshot name.");
  return r.data;
}

export function listSnapshotsArgv(name: string): string[] {
  return [...target(name), "-L", "-C"];
}

/** `commentFile` holds the comment; without one, no -c. */
export function createSnapshotArgv(name: string, commentFile: string | null): string[] {
  return [...target(name), ...(commentFile ? ["-c", commentFile] : [])];
}

/** Over the container itself, or into a new container `newName` (-N). */
export function restoreSnapshotArgv(name: string, snapshot: string, newName?: string): string[] {
  return [...target(name), "-r", snapshotName(snapshot), ...(newName ? ["-N", validContainerName(newName)] : [])];
}

export function deleteSnapshotArgv(name: string, snapshot: string): string[] {
  return [...target(name), "-d", snapshotName(snapshot)];
}
