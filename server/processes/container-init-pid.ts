import { ContainerNotFound, validContainerName } from "../lxc";
import { containerState } from "../live";

/**
 * The container's init PID on the host, or null when it is not running, from
 * the live state in memory (the Processes views ask every second or two).
 */
export async function containerInitPid(name: string): Promise<number | null> {
  const n = validContainerName(name);
  const state = await containerState(n);
  if (!state) throw new ContainerNotFound(n);
  return state.state === "RUNNING" || state.state === "FROZEN" ? state.pid : null;
}
