import type { ForwardsResponse } from "@/lib/forwards";
import { guarded } from "@/server/auth/next";
import { forwardLimits, listForwards } from "@/server/forwards/forward-service";

export const dynamic = "force-dynamic";

export const GET = guarded("viewer", "list forwards", async () =>
  Response.json({ limits: forwardLimits(), forwards: await listForwards() } satisfies ForwardsResponse),
);
