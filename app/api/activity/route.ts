import type { ActivityResponse } from "@/lib/activity-types";
import { containerNameProblem } from "@/lib/container-name";
import { listActivityFeed } from "@/server/activity";
import { guarded } from "@/server/auth/next";

export const dynamic = "force-dynamic";

/** GET /api/activity[?container=NAME][&before=ISO][&take=1..100]: state changes merged with the audit rows, newest first. */
export const GET = guarded("viewer", "view activity", async (req) => {
  const params = new URL(req.url).searchParams;
  const container = params.get("container")?.trim() || undefined;
  if (container && containerNameProblem(container)) return Response.json({ error: containerNameProblem(container), field: "container" }, { status: 400 });
  const before = params.get("before") || undefined;
  const takeText = params.get("take");
  const take = takeText === null ? 100 : Number(takeText);
  if (!Number.isInteger(take) || take < 1 || take > 100) return Response.json({ error: "take is a whole number from 1 to 100.", field: "take" }, { status: 400 });
  if (before && Number.isNaN(Date.parse(before))) return Response.json({ error: "before is a time (ISO 8601).", field: "before" }, { status: 400 });
  return Response.json((await listActivityFeed({ container, before, take })) satisfies ActivityResponse);
});
