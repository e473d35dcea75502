import { hostNameProblem } from "@/lib/hosts";
import { guarded } from "@/server/auth/next";
import { hostCreateOptions } from "@/server/hosts/create-options";
import { hostEntry } from "@/server/hosts/registry";
import { isLxcError } from "@/server/lxc/errors";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ target: string }> };

/** The images and cluster members of an Incus host, for its create form. */
export const GET = guarded<Ctx>("viewer", "list host images", async (_req, _actor, { params }) => {
  const { target } = await params;
  if (hostNameProblem(target)) return Response.json({ error: "No such host." }, { status: 404 });
  const entry = await hostEntry(target);
  if (!entry) return Response.json({ error: `There is no host named ${target}.` }, { status: 404 });
  try {
    return Response.json(await hostCreateOptions(entry));
  } catch (err) {
    if (isLxcError(err)) return Response.json({ error: err.message }, { status: 502 });
    throw err;
  }
});
