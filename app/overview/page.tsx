import type { Metadata } from "next";
import { OVERVIEW_ACTIVITY_ROWS } from "@/lib/metrics";
import { listActivityFeed } from "@/server/activity";
import { requirePageUser } from "@/server/auth/next";
import { OverviewView } from "@/components/metrics/overview-view";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requirePageUser("viewer", "view overview", "/overview");
  // The latest activity: the Activity page's feed (state changes merged with the audit rows); the push stream keeps it current.
  const { items } = await listActivityFeed({ take: OVERVIEW_ACTIVITY_ROWS });
  return <OverviewView activity={items} />;
}
