import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { listAudit } from "@/server/audit";
import { requirePageUser } from "@/server/auth/next";
import { AuditTable } from "@/components/audit/audit-table";
import { ContainerView } from "@/components/containers/container-view";

type Props = { params: Promise<{ name: string }> };

/** Rows of the container's own activity shown on its page; the audit page has the rest. */
const RECENT_ACTIVITY = 20;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function ContainerPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view container", `/containers/${encodeURIComponent(name)}`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();

  const activity = await listAudit({ container: name, take: RECENT_ACTIVITY });
  return (
    <ContainerView
      name={name}
      activity={
        activity.length === 0 ? (
          <p className="text-sm text-muted">Nothing has been done to this container from the dashboard yet.</p>
        ) : (
          <AuditTable entries={activity} showContainer={false} />
        )
      }
    />
  );
}
