import { guarded } from "@/server/auth/next";
import { seriesResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

/** The host's CPU, memory, load and disk history (the same query as a container's). */
export const GET = guarded("viewer", "view metrics", async (req) => seriesResponse("host", new URL(req.url)));
