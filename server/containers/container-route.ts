import { containerNameProblem } from "@/lib/container-name";
import { guarded } from "../auth/next";
import { isLxcError } from "../lxc";

type Ctx = { params: Promise<{ name: string }> };

/**
 * A GET route handler about one container (/api/containers/NAME/...), for
 * any signed-in user: the name checked before anything else (400), a
 * container that does not exist a 404, else `read`'s answer as JSON.
 */
export function containerGetRoute<T>(action: string, read: (name: string) => Promise<T>) {
  return guarded<Ctx>(
    "viewer",
    action,
    async (_req, _actor, { params }) => {
      const { name } = await params;
      const problem = containerNameProblem(name);
      if (problem) return Response.json({ error: problem }, { status: 400 });
      try {
        return Response.json(await read(name));
      } catch (err) {
        if (isLxcError(err) && err.code === "CONTAINER_NOT_FOUND") return Response.json({ error: err.message }, { status: 404 });
        throw err;
      }
    },
    { container: async ({ params }) => (await params).name },
  );
}
