import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerHref, containerKeyProblem } from "@/lib/hosts";
import { requirePageUser } from "@/server/auth/next";
import { ContainerProcessesView } from "@/components/processes/container-processes-view";

type Props = { params: Promise<{ target: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { target, name } = await params;
  return { title: `${name} on ${target} · Processes` };
}

export default async function HostContainerProcessesPage({ params }: Props) {
  const { target, name } = await params;
  await requirePageUser("viewer", "view processes", containerHref({ name, target }, "processes"));
  if (containerKeyProblem(`${target}/${name}`)) notFound();
  return <ContainerProcessesView name={name} target={target} />;
}
