import { ContainerNotFound } from "@/components/containers/container-not-found";

export default function NotFound() {
  return <ContainerNotFound />;
}
