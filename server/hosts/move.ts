import type { ActionResult } from "@/lib/api-types";
import { incusNameProblem } from "@/lib/container-name";
import type { Who } from "../containers/who";
import type { IncusClusterMember } from "../incus/api-types";
import { incusSync } from "../incus/rest";
import { entryOr, isEntry } from "./incus-actions";
import { incusPaths } from "./incus-paths";
import { runRestAction } from "./rest-action";

/** The request that moves a container to another member of its cluster (`incus move NAME --target MEMBER`). */
export function moveCall(name: string, member: string) {
  return { method: "POST", path: `${incusPaths.instance(name)}?target=${encodeURIComponent(member)}`, body: { name, migration: true, live: false } };
}

/**
 * Moves a stopped container to another member of its Incus cluster: the
 * member must exist and be another one, the container stopped; one audited
 * REST call, its operation (a copy of the rootfs between members) waited for.
 */
export async function moveToMember(who: Who, target: string, name: string, member: string): Promise<ActionResult> {
  const problem = incusNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  const entry = await entryOr(target);
  if (!isEntry(entry)) return entry;
  const row = entry.store.get(name);
  if (!row) return { ok: false, error: `There is no container named ${name} on ${target}.`, field: "name" };
  if (!entry.store.isClustered()) return { ok: false, error: `${target} is not a cluster: there is no member to move to.`, field: "member" };
  if (row.state !== "STOPPED") return { ok: false, error: `Stop ${name} first: a move between members is for stopped containers (it is ${row.state}).`, field: "name" };
  const members = await incusSync<IncusClusterMember[]>(entry.record.endpoint, "GET", `${incusPaths.members()}?recursion=1`);
  if (!members.some((m) => m.server_name === member)) return { ok: false, error: `${target} has no member named "${member}".`, field: "member" };
  if (row.member === member) return { ok: false, error: `${name} is on ${member} already.`, field: "member" };
  return runRestAction(who, entry, {
    action: "move",
    busy: "moving",
    name,
    calls: [{ ...moveCall(name, member), operation: true, waitSeconds: 900 }],
    done: `${name} moved to ${member}`,
  });
}
