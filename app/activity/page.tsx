import type { Metadata } from "next";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { ContainerFilterForm } from "@/components/activity/container-filter-form";

export const metadata: Metadata = { title: "Activity" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).container;
  const asked = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  await requirePageUser("viewer", "view activity", `/activity${asked ? `?container=${encodeURIComponent(asked)}` : ""}`);
  const problem = asked ? containerNameProblem(asked) : null;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Activity</h1>
        <p className="text-sm text-muted">
          What happened to the containers, newest first: every start, stop and exit, whether the dashboard did it (and who)
          or it happened outside the dashboard, with the actions of the audit log in between. New rows appear as they happen.
        </p>
      </div>
      <ContainerFilterForm value={asked} problem={problem} />
      <ActivityFeed key={asked} container={asked && !problem ? asked : null} />
    </div>
  );
}
