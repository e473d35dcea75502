import type { ContainerDetailResponse } from "@/lib/api-types";
import { containerGetRoute } from "@/server/containers/container-route";
import { containerDetailView } from "@/server/containers/detail-view";

export const dynamic = "force-dynamic";

export const GET = containerGetRoute("view container", async (name): Promise<ContainerDetailResponse> => containerDetailView(name));
