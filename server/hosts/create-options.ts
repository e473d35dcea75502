import type { HostCreateOptions } from "@/lib/hosts";
import type { IncusClusterMember, IncusImage } from "../incus/api-types";
import { incusSync } from "../incus/rest";
import { incusPaths, withProject } from "./incus-paths";
import type { HostEntry } from "./registry";

/** The host's container images and, for a cluster, its members: what a container can be made from and on. */
export async function hostCreateOptions(entry: HostEntry): Promise<HostCreateOptions> {
  const { endpoint, project } = entry.record;
  const images = await incusSync<IncusImage[]>(endpoint, "GET", withProject(incusPaths.images(), project, { recursion: "1" }));
  const server = await incusSync<{ environment?: { server_clustered?: boolean } }>(endpoint, "GET", incusPaths.server());
  const clustered = server.environment?.server_clustered === true;
  const members = clustered ? await incusSync<IncusClusterMember[]>(endpoint, "GET", `${incusPaths.members()}?recursion=1`) : [];
  return {
    images: images
      .filter((i) => i.type === "container")
      .map((i) => ({
        fingerprint: i.fingerprint,
        aliases: i.aliases.map((a) => a.name),
        description: i.properties?.description ?? "",
        architecture: i.architecture,
        size: i.size,
      })),
    clustered,
    members: members.map((m) => ({ name: m.server_name, status: m.status, message: m.message, url: m.url })),
  };
}
