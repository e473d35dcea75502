import { containerCgroups, type ContainerCgroups } from "../cgroups";
import { processSingleton } from "../process-singleton";

/**
 * A running container's cgroup directories, found once per init PID (they do
 * not move while it runs): the periodic memory and OOM reads then touch only
 * the counter files.
 */
const MAX_KEPT = 2000;

export function cgroupsOf(pid: number, name: string): ContainerCgroups | null {
  const known = processSingleton("live-cgroups-by-pid", () => new Map<string, ContainerCgroups>());
  const key = `${pid}:${name}`;
  const hit = known.get(key);
  if (hit) return hit;
  const found = containerCgroups(pid, name);
  if (!found) return null;
  if (known.size >= MAX_KEPT) known.clear();
  known.set(key, found);
  return found;
}
