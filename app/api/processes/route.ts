import type { HostProcessesResponse } from "@/lib/process-types";
import { uidRangeProblem, uidRangeSchema } from "@/lib/uid-range";
import { guarded } from "@/server/auth/next";
import { hostProcessView, RANGE_NOT_IN_USE } from "@/server/processes/host-process-view";

export const dynamic = "force-dynamic";

/**
 * Without ?range=, every subordinate range in use; with ?range=100000 or
 * ?range=100000-165535, that one (for a viewer, only within the ranges in use).
 */
export const GET = guarded("viewer", "view host processes", async (req, actor) => {
  const asked = new URL(req.url).searchParams.get("range");
  if (asked === null) return Response.json((await hostProcessView()) satisfies HostProcessesResponse);
  const problem = uidRangeProblem(asked);
  if (problem) return Response.json({ error: problem, field: "range" }, { status: 400 });
  const view = await hostProcessView(uidRangeSchema.parse(asked), { anyRange: actor.role === "admin" });
  if (!view) return Response.json({ error: RANGE_NOT_IN_USE, field: "range" }, { status: 403 });
  return Response.json(view satisfies HostProcessesResponse);
});
