import type { AlertView } from "@/lib/alert-types";
import { listAlerts, unreadCount } from "@/server/alerts";
import { guarded } from "@/server/auth/next";

export const dynamic = "force-dynamic";

/** GET /api/alerts: the bell's latest alerts and this user's unread count. */
export const GET = guarded("viewer", "view alerts", async (_req, actor) => {
  const [alerts, unread] = await Promise.all([listAlerts(actor.id), unreadCount(actor.id)]);
  return Response.json({ alerts, unread } satisfies { alerts: AlertView[]; unread: number });
});
