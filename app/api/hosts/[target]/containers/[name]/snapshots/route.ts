import { hostContainerRoute } from "@/server/hosts/host-container-route";
import { hostSnapshots } from "@/server/hosts/incus-snapshots";

export const dynamic = "force-dynamic";

export const GET = hostContainerRoute("list snapshots", hostSnapshots);
