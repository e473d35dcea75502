import { processTotals, type ContainerProcessesResponse } from "@/lib/process-types";
import { readContainerProcesses } from "./procfs/container-processes";
import { ContainerNotRunning } from "./procfs/errors";
import { containerInitPid } from "./container-init-pid";

const NOT_RUNNING: ContainerProcessesResponse = { running: false, processes: [] };

/**
 * One refresh of a container's Processes tab. A stopped container (or one that
 * stops while its processes are read) is an empty answer, not an error.
 * Throws ContainerNotFound for a container that does not exist.
 */
export async function containerProcessView(name: string): Promise<ContainerProcessesResponse> {
  const initPid = await containerInitPid(name);
  if (initPid === null) return NOT_RUNNING;
  try {
    const processes = await readContainerProcesses(initPid);
    return { running: true, processes, totals: processTotals(processes) };
  } catch (error) {
    if (error instanceof ContainerNotRunning) return NOT_RUNNING;
    throw error;
  }
}
