import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { HostProcessesView } from "@/components/processes/host-processes-view";

export const metadata: Metadata = { title: "Processes" };

export default async function ProcessesPage() {
  const actor = await requirePageUser("viewer", "view host processes", "/processes");
  return <HostProcessesView anyRange={actor.role === "admin"} />;
}
