import { containerKeyProblem } from "@/lib/hosts";
import { guarded } from "../auth/next";
import { isLxcError } from "../lxc/errors";

type Ctx = { params: Promise<{ target: string; name: string }> };

/**
 * A GET route about one Incus container (/api/hosts/TARGET/containers/NAME/…)
 * for any signed-in user: the names checked first (400), a host or container
 * that does not exist a 404, a host not reached or erroring a 502 with its
 * sentence, else `read`'s answer as JSON.
 */
export function hostContainerRoute<T>(action: string, read: (target: string, name: string) => Promise<T>) {
  return guarded<Ctx>(
    "viewer",
    action,
    async (_req, _actor, { params }) => {
      const { target, name } = await params;
      const problem = containerKeyProblem(`${target}/${name}`);
      if (problem) return Response.json({ error: problem }, { status: 400 });
      try {
        return Response.json(await read(target, name));
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (code === "HOST_NOT_FOUND" || (isLxcError(err) && err.code === "CONTAINER_NOT_FOUND")) return Response.json({ error: (err as Error).message }, { status: 404 });
        if (isLxcError(err) && err.code.startsWith("HOST_")) return Response.json({ error: err.message }, { status: 502 });
        throw err;
      }
    },
    { container: async ({ params }) => { const p = await params; return `${p.target}/${p.name}`; } },
  );
}
