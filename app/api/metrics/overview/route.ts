import { guarded } from "@/server/auth/next";
import { overviewResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

export const GET = guarded("viewer", "view metrics", async () => overviewResponse());
