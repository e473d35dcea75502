import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hostNameProblem } from "@/lib/hosts";
import { pageUserOrRefusal } from "@/server/auth/next";
import { RefusedPage } from "@/components/layout/refused-page";
import { HostCreateForm } from "@/components/hosts/host-create-form";

type Props = { params: Promise<{ target: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Create on ${(await params).target}` };
}

/** A new container on an Incus host, from one of its images (and, on a cluster, a chosen member). */
export default async function HostCreatePage({ params }: Props) {
  const { target } = await params;
  const { refused } = await pageUserOrRefusal("admin", "create container", `/hosts/${encodeURIComponent(target)}/create`);
  if (refused !== null) return <RefusedPage message={refused} />;
  if (hostNameProblem(target)) notFound();
  return (
    <div className="flex flex-col gap-4">
      <Link href="/create" className="self-start text-sm text-accent hover:underline">
        ← Create
      </Link>
      <div>
        <h1 className="text-xl font-semibold">
          Create a container on <span className="font-mono">{target}</span>
        </h1>
        <p className="text-sm text-muted">Incus makes it from one of the host&apos;s own images; nothing is downloaded.</p>
      </div>
      <HostCreateForm target={target} />
    </div>
  );
}
