import type { ContainerListResponse } from "@/lib/api-types";
import { guarded } from "@/server/auth/next";
import { listContainerView } from "@/server/containers/list-view";

export const dynamic = "force-dynamic";

export const GET = guarded("viewer", "list containers", async () =>
  Response.json((await listContainerView()) satisfies ContainerListResponse),
);
