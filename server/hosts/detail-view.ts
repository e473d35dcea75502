import { containerKey, type HostContainerDetail } from "@/lib/hosts";
import { incusNameProblem } from "@/lib/container-name";
import type { IncusInstance } from "../incus/api-types";
import { instanceRow } from "../incus/instance-row";
import { incusSync } from "../incus/rest";
import { ContainerNotFound, InvalidName, isLxcError } from "../lxc/errors";
import { currentBusy } from "../containers/list-view";
import { incusPaths, withProject } from "./incus-paths";
import { hostEntry } from "./registry";

export class HostNotFound extends Error {
  readonly code = "HOST_NOT_FOUND";
  constructor(readonly target: string) {
    super(`There is no host named ${target}.`);
  }
}

function deviceDetail(device: Record<string, string>): string {
  const keys = ["path", "pool", "source", "network", "parent", "name", "nictype", "listen", "connect"];
  return keys.filter((k) => device[k]).map((k) => `${k}=${device[k]}`).join(" ");
}

/** An Incus container's page: its row (state from the store, which the stream keeps current) and its config, read now. */
export async function hostContainerDetail(target: string, name: string): Promise<HostContainerDetail> {
  const problem = incusNameProblem(name);
  if (problem) throw new InvalidName(problem);
  const entry = await hostEntry(target);
  if (!entry) throw new HostNotFound(target);
  let instance: IncusInstance;
  try {
    instance = await incusSync<IncusInstance>(entry.record.endpoint, "GET", withProject(incusPaths.instance(name), entry.record.project, { recursion: "1" }));
  } catch (err) {
    if (isLxcError(err) && err.code === "HOST_REFUSED" && (err as { status?: number }).status === 404) throw new ContainerNotFound(name);
    throw err;
  }
  const clustered = entry.store.isClustered();
  const local = entry.record.transport === "socket";
  const row = entry.store.get(name) ?? instanceRow(instance, { target, local, clustered });
  const config = Object.entries(instance.config)
    .filter(([k]) => !k.startsWith("volatile."))
    .sort(([a], [b]) => a.localeCompare(b));
  const devices = Object.entries(instance.expanded_devices ?? instance.devices ?? {}).map(([n, d]) => ({ name: n, type: d.type ?? "", detail: deviceDetail(d) }));
  return {
    ...row,
    target,
    member: row.member ?? null,
    status: instance.status,
    architecture: instance.architecture,
    createdAt: instance.created_at,
    lastUsedAt: instance.last_used_at && !instance.last_used_at.startsWith("1970") ? instance.last_used_at : null,
    description: instance.description ?? "",
    image: instance.config["image.description"] ?? null,
    profiles: instance.profiles,
    config,
    devices,
    snapshots: instance.snapshots?.length ?? 0,
    local,
    clustered,
    busy: currentBusy()[containerKey({ name, target })] ?? null,
  };
}
