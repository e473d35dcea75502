import type { HostSummary } from "@/lib/hosts";
import { guarded } from "@/server/auth/next";
import { hostSummaries } from "@/server/hosts/hosts-view";

export const dynamic = "force-dynamic";

/** Every host with its health (no secret of any: addresses and the pinned fingerprint only). */
export const GET = guarded("viewer", "list hosts", async () => Response.json((await hostSummaries()) satisfies HostSummary[]));
