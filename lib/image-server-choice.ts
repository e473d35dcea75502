import { mirrorHostSchema } from "./create-options";
import { DEFAULT_IMAGE_SERVER } from "./image-types";
import type { Role } from "./roles";

export const ONLY_ADMIN_CHOOSES_SERVER = `Only an admin can choose another image server; showing ${DEFAULT_IMAGE_SERVER}.`;

/**
 * The image server whose index a page reads for `asked` (the ?server= field):
 * "" means the default server. Reading an index makes the dashboard's host
 * connect to that host and port, so only an admin may name another server; a
 * viewer gets the default one and a sentence saying why.
 */
export function chooseImageServer(asked: string, role: Role): { server: string; error: string | null } {
  if (!asked) return { server: "", error: null };
  const checked = mirrorHostSchema.safeParse(asked);
  if (!checked.success) return { server: "", error: checked.error.issues[0]?.message ?? "Not a host name." };
  if (role !== "admin" && asked.toLowerCase() !== DEFAULT_IMAGE_SERVER) return { server: "", error: ONLY_ADMIN_CHOOSES_SERVER };
  return { server: asked, error: null };
}
