import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { SnapshotsView } from "@/components/snapshots/snapshots-view";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Snapshots` };
}

export default async function ContainerSnapshotsPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view snapshots", `/containers/${encodeURIComponent(name)}/snapshots`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();
  return (
    <div className="flex flex-col gap-6">
      <ContainerPageHeader name={name} current="Snapshots" back={{ href: `/containers/${encodeURIComponent(name)}`, label: name }} />
      <SnapshotsView name={name} />
    </div>
  );
}
