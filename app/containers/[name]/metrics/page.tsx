import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ContainerMetricsView } from "@/components/metrics/container-metrics-view";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Metrics` };
}

export default async function ContainerMetricsPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view metrics", `/containers/${encodeURIComponent(name)}/metrics`);
  if (containerNameProblem(name)) notFound();
  return <ContainerMetricsView name={name} />;
}
