import { readinessSummary, type ReadinessSummary } from "@/lib/host-readiness";
import { guarded } from "@/server/auth/next";
import { cachedHostReadiness } from "@/server/host/readiness";

export const dynamic = "force-dynamic";

/** GET /host/status: ready or not, for the top bar's dot and the every-page banner. */
export const GET = guarded("viewer", "view host readiness", async () =>
  Response.json(readinessSummary(await cachedHostReadiness()) satisfies ReadinessSummary),
);
