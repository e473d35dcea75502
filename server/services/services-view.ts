import type { ContainerServicesResponse, ListeningService } from "@/lib/services";
import { ContainerNotFound, type ContainerSummary } from "../lxc";
import { containerState } from "../live";
import { readContainerServices } from "./container-services";

/**
 * Services for the pages, with the init PIDs the live state store (issue 9's
 * server/live) keeps: nothing is spawned, only /proc is read.
 */

/** Container name → its services, for the running containers of a list; a failed read leaves the list without them. */
export async function servicesOfListed(containers: readonly ContainerSummary[]): Promise<Record<string, ListeningService[]>> {
  const running = containers.flatMap((c) => (c.pid === null ? [] : [{ name: c.name, initPid: c.pid }]));
  if (running.length === 0) return {};
  try {
    return Object.fromEntries(await readContainerServices(running));
  } catch (error) {
    console.error("reading the containers' services failed:", error);
    return {};
  }
}

/** One container's services; not running is an empty answer. Throws ContainerNotFound. */
export async function containerServicesView(name: string): Promise<ContainerServicesResponse> {
  const container = await containerState(name);
  if (!container) throw new ContainerNotFound(name);
  if (container.pid === null) return { running: false, services: [] };
  const services = (await readContainerServices([{ name, initPid: container.pid }])).get(name);
  return services ? { running: true, services } : { running: false, services: [] };
}
