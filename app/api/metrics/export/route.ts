import { guarded } from "@/server/auth/next";
import { exportResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

/** A CSV or JSON download of any range kept: ?container=NAME|host&format=csv|json&range=… or from/to/step. */
export const GET = guarded("viewer", "export metrics", async (req) => exportResponse(new URL(req.url)));
