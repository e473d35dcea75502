import type { Metadata } from "next";
import { AuthRefused, requirePageUser } from "@/server/auth/next";
import { createContext } from "@/server/containers/create-context";
import { CreateContainerForm } from "@/components/containers/create-container-form";

export const metadata: Metadata = { title: "Create container" };

export default async function NewContainerPage() {
  // Checking the session makes this page request-time: the lxcpath, config file and templates are read fresh.
  try {
    await requirePageUser("admin", "open the create form", "/create");
  } catch (e) {
    if (!(e instanceof AuthRefused)) throw e;
    return <p className="py-16 text-center text-sm text-muted">{e.refusal.message}</p>;
  }
  const { lxcpath, unprivilegedConfigPath, templates } = await createContext();
  return (
    <div className="flex max-w-4xl flex-col gap-5">
      <div>
        <h1 className="text-xl font-semibold">Create container</h1>
        <p className="text-sm text-muted">
          Pick a name and a template; the command below is exactly what the dashboard will run.
        </p>
      </div>
      <CreateContainerForm context={{ lxcpath, unprivilegedConfigPath }} hostTemplates={templates} />
    </div>
  );
}
