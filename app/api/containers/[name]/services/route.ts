import type { ContainerServicesResponse } from "@/lib/services";
import { containerGetRoute } from "@/server/containers/container-route";
import { containerServicesView } from "@/server/services/services-view";

export const dynamic = "force-dynamic";

export const GET = containerGetRoute("view services", (name): Promise<ContainerServicesResponse> => containerServicesView(name));
