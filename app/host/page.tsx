import type { Metadata } from "next";
import { HostChecklist } from "@/components/host/host-checklist";
import { LiveWatchStatus } from "@/components/host/live-watch-status";
import { requirePageUser } from "@/server/auth/next";
import { cachedHostReadiness } from "@/server/host/readiness";
import { liveStoreReady } from "@/server/live";

export const metadata: Metadata = { title: "Host" };

export default async function HostPage() {
  const actor = await requirePageUser("viewer", "view host", "/host");
  const [report, store] = await Promise.all([cachedHostReadiness(), liveStoreReady()]);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Host</h1>
        <p className="text-sm text-muted">
          What this host needs for containers, what was found, and the command that fixes anything missing.
        </p>
      </div>
      <HostChecklist initialReport={report} isAdmin={actor.role === "admin"} />
      <LiveWatchStatus initial={store.watcherStatus()} />
    </div>
  );
}
