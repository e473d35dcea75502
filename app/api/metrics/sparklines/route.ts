import { guarded } from "@/server/auth/next";
import { sparklinesResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

export const GET = guarded("viewer", "view metrics", async () => sparklinesResponse());
