import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { containerHref, containerKeyProblem } from "@/lib/hosts";
import { roleSatisfies } from "@/lib/roles";
import { requirePageUser } from "@/server/auth/next";
import { ContainerTerminal } from "@/components/terminal/container-terminal";

type Props = { params: Promise<{ target: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { target, name } = await params;
  return { title: `${name} on ${target} · Terminal` };
}

/** A root shell in an Incus container (its exec WebSocket), behind the same terminal as a classic one. */
export default async function HostContainerTerminalPage({ params }: Props) {
  const { target, name } = await params;
  const actor = await requirePageUser("viewer", "view terminal", containerHref({ name, target }, "terminal"));
  if (containerKeyProblem(`${target}/${name}`)) notFound();
  if (!roleSatisfies(actor.role, "admin")) {
    return (
      <div className="mx-auto max-w-lg py-16 text-center">
        <h1 className="text-xl font-semibold">Only admins can open a terminal</h1>
        <p className="mt-2 text-sm text-muted">A terminal is a root shell in the container. Ask an admin if you need one.</p>
        <Link href={containerHref({ name, target })} className="mt-4 inline-block text-sm text-accent hover:underline">
          Back to {name}
        </Link>
      </div>
    );
  }
  return <ContainerTerminal name={name} target={target} />;
}
