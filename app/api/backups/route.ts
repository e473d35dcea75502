import { containerNameProblem } from "@/lib/container-name";
import { guarded } from "@/server/auth/next";
import { backupList } from "@/server/backups/backup-service";

export const dynamic = "force-dynamic";

/** The backups in the backup directory (?container=NAME: that container's), and restores left half-done. */
export const GET = guarded("viewer", "view backups", async (req) => {
  const container = new URL(req.url).searchParams.get("container") ?? undefined;
  if (container !== undefined && containerNameProblem(container)) return Response.json({ error: containerNameProblem(container) }, { status: 400 });
  return Response.json(await backupList(container));
});
