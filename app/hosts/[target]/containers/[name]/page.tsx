import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerKeyProblem } from "@/lib/hosts";
import { requirePageUser } from "@/server/auth/next";
import { HostContainerView } from "@/components/hosts/host-container-view";

type Props = { params: Promise<{ target: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { target, name } = await params;
  return { title: `${name} on ${target}` };
}

/** An Incus container's page: /hosts/TARGET/containers/NAME (classic ones stay at /containers/NAME). */
export default async function HostContainerPage({ params }: Props) {
  const { target, name } = await params;
  await requirePageUser("viewer", "view container", `/hosts/${encodeURIComponent(target)}/containers/${encodeURIComponent(name)}`);
  if (containerKeyProblem(`${target}/${name}`)) notFound();
  return <HostContainerView target={target} name={name} />;
}
