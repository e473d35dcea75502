import { ContainerPageSkeleton } from "@/components/containers/container-page-skeleton";

export default function Loading() {
  return <ContainerPageSkeleton />;
}
