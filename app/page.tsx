import { requirePageUser } from "@/server/auth/next";
import { ContainerTable } from "@/components/containers/container-table";

// The list is live data polled from /api/containers; the page itself is only its frame.
export default async function HomePage() {
  await requirePageUser("viewer", "view containers");
  return <ContainerTable />;
}
