import { hostContainerRoute } from "@/server/hosts/host-container-route";
import { hostContainerDetail } from "@/server/hosts/detail-view";

export const dynamic = "force-dynamic";

export const GET = hostContainerRoute("view container", hostContainerDetail);
