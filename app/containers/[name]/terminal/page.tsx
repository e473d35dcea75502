import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { roleSatisfies } from "@/lib/roles";
import { requirePageUser } from "@/server/auth/next";
import { ContainerTerminal } from "@/components/terminal/container-terminal";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Terminal` };
}

export default async function ContainerTerminalPage({ params }: Props) {
  const { name } = await params;
  const actor = await requirePageUser("viewer", "view terminal", `/containers/${encodeURIComponent(name)}/terminal`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();
  if (!roleSatisfies(actor.role, "admin")) {
    return (
      <div className="mx-auto max-w-lg py-16 text-center">
        <h1 className="text-xl font-semibold">Only admins can open a terminal</h1>
        <p className="mt-2 text-sm text-muted">
          A terminal is a root shell in the container. Ask an admin if you need one; you can still see{" "}
          <span className="font-mono">{name}</span>&apos;s processes and activity.
        </p>
        <Link href={`/containers/${encodeURIComponent(name)}`} className="mt-4 inline-block text-sm text-accent hover:underline">
          Back to {name}
        </Link>
      </div>
    );
  }
  return <ContainerTerminal name={name} />;
}
