import { hostContainerRoute } from "@/server/hosts/host-container-route";
import { hostContainerProcesses } from "@/server/hosts/processes-view";

export const dynamic = "force-dynamic";

export const GET = hostContainerRoute("view processes", hostContainerProcesses);
