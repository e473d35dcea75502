import type { ContainerProcessesResponse } from "@/lib/process-types";
import { containerNameProblem } from "@/lib/container-name";
import { guarded } from "@/server/auth/next";
import { isLxcError } from "@/server/lxc";
import { containerProcessView } from "@/server/process-view/container-process-view";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ name: string }> };

export const GET = guarded<Ctx>(
  "viewer",
  "view processes",
  async (_req, _actor, { params }) => {
    const { name } = await params;
    const problem = containerNameProblem(name);
    if (problem) return Response.json({ error: problem }, { status: 400 });
    try {
      return Response.json((await containerProcessView(name)) satisfies ContainerProcessesResponse);
    } catch (err) {
      if (isLxcError(err) && err.code === "CONTAINER_NOT_FOUND") return Response.json({ error: err.message }, { status: 404 });
      throw err;
    }
  },
  { container: async ({ params }) => (await params).name },
);
