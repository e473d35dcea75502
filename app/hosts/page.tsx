import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { HostsView } from "@/components/hosts/hosts-view";

export const metadata: Metadata = { title: "Hosts" };

/** Every target (this machine's classic LXC, Incus daemons local and remote) with its health; admins add, check and remove. */
export default async function HostsPage() {
  await requirePageUser("viewer", "view hosts", "/hosts");
  return <HostsView />;
}
