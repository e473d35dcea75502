import type { ContainerDetailResponse } from "@/lib/api-types";
import { containerNameProblem } from "@/lib/container-name";
import { guarded } from "@/server/auth/next";
import { busyContainers, getContainer, isLxcError } from "@/server/lxc";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ name: string }> };

export const GET = guarded<Ctx>(
  "viewer",
  "view container",
  async (_req, _actor, { params }) => {
    const { name } = await params;
    const problem = containerNameProblem(name);
    if (problem) return Response.json({ error: problem }, { status: 400 });
    try {
      const detail = await getContainer(name);
      return Response.json({ ...detail, busy: busyContainers().get(name) ?? null } satisfies ContainerDetailResponse);
    } catch (err) {
      if (isLxcError(err) && err.code === "CONTAINER_NOT_FOUND") return Response.json({ error: err.message }, { status: 404 });
      throw err;
    }
  },
  { container: async ({ params }) => (await params).name },
);
