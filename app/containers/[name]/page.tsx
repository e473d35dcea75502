import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { ContainerView } from "@/components/containers/container-view";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function ContainerPage({ params }: Props) {
  const { name } = await params;
  await requirePageUser("viewer", "view container", `/containers/${encodeURIComponent(name)}`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();

  return <ContainerView name={name} activity={<ActivityFeed container={name} />} />;
}
