import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { ContainerBackupsView } from "@/components/backups/container-backups-view";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Backups` };
}

export default async function ContainerBackupsPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view backups", `/containers/${encodeURIComponent(name)}/backups`);
  if (containerNameProblem(name)) notFound();
  return (
    <div className="flex flex-col gap-6">
      <ContainerPageHeader name={name} current="Backups" back={{ href: `/containers/${encodeURIComponent(name)}`, label: name }} />
      <ContainerBackupsView name={name} />
    </div>
  );
}
