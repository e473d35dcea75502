import { guarded } from "@/server/auth/next";
import { seriesResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ name: string }> };

/** A container's usage history: ?range=15m|1h|24h|7d|30d|1y or ?from=&to=&step= (400 for a range or step outside what is kept). */
export const GET = guarded<Ctx>(
  "viewer",
  "view metrics",
  async (req, _actor, { params }) => seriesResponse((await params).name, new URL(req.url)),
  { container: async ({ params }) => (await params).name },
);
