import type { ContainerProcessesResponse } from "@/lib/process-types";
import { containerGetRoute } from "@/server/containers/container-route";
import { containerProcessView } from "@/server/processes/container-process-view";

export const dynamic = "force-dynamic";

export const GET = containerGetRoute("view processes", (name): Promise<ContainerProcessesResponse> => containerProcessView(name));
