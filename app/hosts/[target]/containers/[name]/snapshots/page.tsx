import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerHref, containerKeyProblem } from "@/lib/hosts";
import { requirePageUser } from "@/server/auth/next";
import { HostSnapshots } from "@/components/hosts/host-snapshots";

type Props = { params: Promise<{ target: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { target, name } = await params;
  return { title: `${name} on ${target} · Snapshots` };
}

export default async function HostContainerSnapshotsPage({ params }: Props) {
  const { target, name } = await params;
  await requirePageUser("viewer", "view snapshots", containerHref({ name, target }, "snapshots"));
  if (containerKeyProblem(`${target}/${name}`)) notFound();
  return <HostSnapshots target={target} name={name} />;
}
