import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ContainerProcessesView } from "@/components/processes/container-processes-view";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Processes` };
}

export default async function ContainerProcessesPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view processes", `/containers/${encodeURIComponent(name)}/processes`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();
  return <ContainerProcessesView name={name} />;
}
