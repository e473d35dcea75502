import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { PortsView } from "@/components/forwards/ports-view";

export const metadata: Metadata = { title: "Ports" };

export default async function PortsPage() {
  const actor = await requirePageUser("viewer", "view ports", "/ports");
  return <PortsView canAct={actor.role === "admin"} />;
}
