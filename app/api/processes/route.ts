import type { HostProcessesResponse } from "@/lib/process-types";
import { uidRangeProblem, uidRangeSchema } from "@/lib/uid-range";
import { guarded } from "@/server/auth/next";
import { hostProcessView } from "@/server/process-view/host-process-view";

export const dynamic = "force-dynamic";

/** Without ?range=, every subordinate range in use; with ?range=100000 or ?range=100000-165535, that one. */
export const GET = guarded("viewer", "view host processes", async (req) => {
  const asked = new URL(req.url).searchParams.get("range");
  if (asked === null) return Response.json((await hostProcessView()) satisfies HostProcessesResponse);
  const problem = uidRangeProblem(asked);
  if (problem) return Response.json({ error: problem, field: "range" }, { status: 400 });
  return Response.json((await hostProcessView(uidRangeSchema.parse(asked))) satisfies HostProcessesResponse);
});
