import { ContainerTable } from "@/components/containers/container-table";

// The list is live data polled from /api/containers; the page itself is only its frame.
export default function HomePage() {
  return <ContainerTable />;
}
