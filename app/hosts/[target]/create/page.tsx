import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hostNameProblem } from "@/lib/hosts";
import { AuthRefused, requirePageUser } from "@/server/auth/next";
import { HostCreateForm } from "@/components/hosts/host-create-form";

type Props = { params: Promise<{ target: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Create on ${(await params).target}` };
}

/** A new container on an Incus host, from one of its images (and, on a cluster, a chosen member). */
export default async function HostCreatePage({ params }: Props) {
  const { target } = await params;
  try {
    await requirePageUser("admin", "create container", `/hosts/${encodeURIComponent(target)}/create`);
  } catch (e) {
    if (!(e instanceof AuthRefused)) throw e;
    return <p className="py-16 text-center text-sm text-muted">{e.refusal.message}</p>;
  }
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
