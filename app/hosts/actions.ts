"use server";

import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { addLocalIncus, addRemoteIncus, removeHost, type AddLocalInput, type AddRemoteInput } from "@/server/hosts/add-target";
import { checkHost } from "@/server/hosts/registry";
import { performHostAction } from "@/server/hosts/incus-actions";
import { createOnHost, type HostCreateResult } from "@/server/hosts/incus-create";
import { hostSnapshotAction, type SnapshotOp } from "@/server/hosts/incus-snapshots";
import { moveToMember } from "@/server/hosts/move";
import { previewMigration, startMigration, type MigrationPreview } from "@/server/hosts/migrate";
import type { StartOperationResult } from "@/server/containers/start-result";

const addLocal = guardedAction("admin", "add host", async (actor, input: AddLocalInput) => addLocalIncus(whoIs(actor), input));
const addRemote = guardedAction("admin", "add host", async (actor, input: AddRemoteInput) => addRemoteIncus(whoIs(actor), input));
const remove = guardedAction("admin", "remove host", async (actor, name: string) => removeHost(whoIs(actor), name));
const check = guardedAction("viewer", "check host", async (_actor, name: string): Promise<ActionResult> => {
  const entry = await checkHost(String(name));
  if (!entry) return { ok: false, error: `There is no host named ${String(name)}.` };
  return entry.health.state === "ok" ? { ok: true, message: `${entry.record.name}: ${entry.health.version ?? "answers"}` } : { ok: false, error: entry.health.problem ?? "not reachable" };
});

type Refusable = ActionResult | { refusal: unknown; ok: false; error: string };
const plain = (r: Refusable): ActionResult => ("refusal" in r ? { ok: false, error: r.error } : r);

/** This machine's Incus daemon, through its unix socket. */
export async function addLocalHostAction(input: AddLocalInput): Promise<ActionResult> {
  return plain(await addLocal({ name: String(input?.name ?? ""), socketPath: input?.socketPath ? String(input.socketPath) : undefined }));
}

/** A remote Incus server or cluster, with a trust token from `incus config trust add`. */
export async function addRemoteHostAction(input: AddRemoteInput): Promise<ActionResult> {
  return plain(await addRemote({ name: String(input?.name ?? ""), token: String(input?.token ?? ""), address: input?.address ? String(input.address) : undefined }));
}

export async function removeHostAction(name: string): Promise<ActionResult> {
  return plain(await remove(String(name)));
}

/** Looks at a host again now (anyone may: it changes nothing). */
export async function checkHostAction(name: string): Promise<ActionResult> {
  return plain(await check(String(name)));
}

const act = guardedAction(
  "admin",
  "container action",
  async (actor, target: string, name: string, action: LifecycleAction) => performHostAction(whoIs(actor), String(target), String(name), action),
  { container: (target, name) => `${String(target)}/${String(name)}` },
);

/** Start, stop, restart, freeze… an Incus container (its host's REST API, audited with the exact call). */
export async function runHostContainerAction(target: string, name: string, action: LifecycleAction): Promise<ActionResult> {
  if (action === "destroy") return { ok: false, error: "Destroy asks for the container's name first." };
  return plain(await act(target, name, action));
}

/** Delete deletes all of the container's data (and snapshots), so the person types its name first. */
export async function destroyHostContainerAction(target: string, name: string, typedName: string): Promise<ActionResult> {
  if (typedName !== name) return { ok: false, error: `Type ${name} to confirm.`, field: "confirm" };
  return plain(await act(target, name, "destroy"));
}

const create = guardedAction("admin", "create", async (actor, target: string, input: unknown) => createOnHost(whoIs(actor), String(target), input), {
  container: (target, input) => `${String(target)}/${String((input as { name?: unknown } | null)?.name ?? "")}`,
});

/** Makes a container on an Incus host (refused at its field: name, image, member). */
export async function createOnHostAction(target: string, input: unknown): Promise<HostCreateResult> {
  const r = await create(target, input);
  return "refusal" in r ? { ok: false, error: r.error } : r;
}

const snapshot = guardedAction(
  "admin",
  "snapshot",
  async (actor, target: string, name: string, op: SnapshotOp, snap: string) => hostSnapshotAction(whoIs(actor), String(target), String(name), op, String(snap ?? "")),
  { container: (target, name) => `${String(target)}/${String(name)}` },
);

/** Takes (create), restores or deletes a snapshot of an Incus container. */
export async function hostSnapshotActionAction(target: string, name: string, op: SnapshotOp, snap: string): Promise<ActionResult> {
  if (!["create", "restore", "delete"].includes(op)) return { ok: false, error: `Unknown snapshot action "${String(op)}".` };
  return plain(await snapshot(target, name, op, snap));
}

const move = guardedAction(
  "admin",
  "move",
  async (actor, target: string, name: string, member: string) => moveToMember(whoIs(actor), String(target), String(name), String(member)),
  { container: (target, name) => `${String(target)}/${String(name)}` },
);

/** Moves a stopped Incus container to another member of its cluster. */
export async function moveToMemberAction(target: string, name: string, member: string): Promise<ActionResult> {
  return plain(await move(target, name, member));
}

type MigrationAnswer = MigrationPreview | StartOperationResult;
const refusedAnswer = (r: { error: string }): StartOperationResult => ({ ok: false, error: r.error, fieldErrors: {} });

const preview = guardedAction("admin", "migrate to incus", async (_actor, name: string, target: string): Promise<MigrationAnswer> => previewMigration(String(name), String(target)), {
  container: (name) => String(name),
});
const migrate = guardedAction("admin", "migrate to incus", async (actor, name: string, target: string) => startMigration(whoIs(actor), String(name), String(target)), {
  container: (name) => String(name),
});

/** lxc-to-incus's dry run for a classic container: what it will do, changing nothing. */
export async function previewMigrationAction(name: string, target: string): Promise<MigrationAnswer> {
  const r = await preview(name, target);
  return "refusal" in r ? refusedAnswer(r) : r;
}

/** Moves a stopped classic container into this machine's Incus (an operation to watch). */
export async function startMigrationAction(name: string, target: string): Promise<StartOperationResult> {
  const r = await migrate(name, target);
  return "refusal" in r ? refusedAnswer(r) : r;
}
