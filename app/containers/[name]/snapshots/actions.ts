"use server";

import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { removeSnapshot, startSnapshot, startSnapshotRestore } from "@/server/snapshots/snapshot-service";


const take = guardedAction("admin", "snapshot", async (actor, name: string, input: unknown) => startSnapshot(whoIs(actor), name, input), { container: (name) => name });
const restore = guardedAction(
  "admin",
  "restore snapshot",
  async (actor, name: string, input: unknown) => startSnapshotRestore(whoIs(actor), name, input),
  { container: (name) => name },
);
const remove = guardedAction(
  "admin",
  "delete snapshot",
  async (actor, name: string, snapshot: unknown) => removeSnapshot(whoIs(actor), name, snapshot),
  { container: (name) => name },
);

/** Starts a snapshot (an operation to watch); refusals name their field. */
export async function takeSnapshotAction(name: string, input: unknown) {
  const r = await take(name, input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}

export async function restoreSnapshotAction(name: string, input: unknown) {
  const r = await restore(name, input);
  return "refusal" in r ? { ...r, fieldErrors: {} } : r;
}

export async function deleteSnapshotAction(name: string, snapshot: unknown) {
  return remove(name, snapshot);
}
