import type { ActionResult } from "@/lib/api-types";
import { incusNameProblem } from "@/lib/container-name";
import { snapshotNameProblem, type HostSnapshot } from "@/lib/hosts";
import type { Who } from "../containers/who";
import type { IncusSnapshot } from "../incus/api-types";
import { incusSync } from "../incus/rest";
import { ContainerNotFound, InvalidName, isLxcError } from "../lxc/errors";
import { HostNotFound } from "./detail-view";
import { entryOr, isEntry } from "./incus-actions";
import { incusPaths, withProject } from "./incus-paths";
import { hostEntry } from "./registry";
import { runRestAction } from "./rest-action";

/** An Incus container's snapshots, newest first. */
export async function hostSnapshots(target: string, name: string): Promise<HostSnapshot[]> {
  const problem = incusNameProblem(name);
  if (problem) throw new InvalidName(problem);
  const entry = await hostEntry(target);
  if (!entry) throw new HostNotFound(target);
  let list: IncusSnapshot[];
  try {
    list = await incusSync<IncusSnapshot[]>(entry.record.endpoint, "GET", withProject(incusPaths.snapshots(name), entry.record.project, { recursion: "1" }));
  } catch (err) {
    if (isLxcError(err) && err.code === "HOST_REFUSED" && (err as { status?: number }).status === 404) throw new ContainerNotFound(name);
    throw err;
  }
  return list
    .map((s) => ({ name: s.name.split("/").pop() ?? s.name, createdAt: s.created_at, stateful: s.stateful, sizeBytes: typeof s.size === "number" && s.size >= 0 ? s.size : null }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export type SnapshotOp = "create" | "restore" | "delete";

/**
 * Takes, restores or deletes a snapshot (Incus's own: cheap on every
 * storage driver it has), each an audited REST call. A restore replaces the
 * container's filesystem with the snapshot's; Incus restores a running
 * container too (it stops and starts it).
 */
export async function hostSnapshotAction(who: Who, target: string, name: string, op: SnapshotOp, snapshot: string): Promise<ActionResult> {
  const problem = incusNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  const snapProblem = snapshotNameProblem(snapshot);
  if (snapProblem) return { ok: false, error: snapProblem, field: "snapshot" };
  if (op !== "create" && snapshot === "") return { ok: false, error: "Choose a snapshot.", field: "snapshot" };
  const entry = await entryOr(target);
  if (!isEntry(entry)) return entry;
  const calls = {
    create: [{ method: "POST", path: incusPaths.snapshots(name), body: snapshot ? { name: snapshot, stateful: false } : { stateful: false }, operation: true }],
    restore: [{ method: "PUT", path: incusPaths.instance(name), body: { restore: snapshot }, operation: true, waitSeconds: 600 }],
    delete: [{ method: "DELETE", path: incusPaths.snapshot(name, snapshot), operation: true }],
  }[op];
  const done = { create: `Snapshot ${snapshot || "taken"} of ${name}`, restore: `${name} restored from ${snapshot}`, delete: `Snapshot ${snapshot} of ${name} deleted` }[op];
  const busy = { create: "snapshotting", restore: "restoring", delete: "deleting snapshot" }[op];
  return runRestAction(who, entry, { action: `${op} snapshot`, busy, name, calls, done: op === "create" && snapshot ? `Snapshot ${snapshot} of ${name} taken` : done });
}
