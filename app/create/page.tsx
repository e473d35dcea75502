import type { Metadata } from "next";
import Link from "next/link";
import { mirrorHostSchema } from "@/lib/create-command";
import { createPrefillFrom } from "@/lib/image-choices";
import { DEFAULT_IMAGE_SERVER } from "@/lib/image-types";
import { pageUserOrRefusal } from "@/server/auth/next";
import { RefusedPage } from "@/components/layout/refused-page";
import { createContext } from "@/server/containers/create-context";
import { downloadImages } from "@/server/images";
import { hostEntries } from "@/server/hosts/registry";
import { CreateContainerForm } from "@/components/containers/create-container-form";

export const metadata: Metadata = { title: "Create container" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function NewContainerPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Checking the session makes this page request-time: the lxcpath, config file and templates are read fresh.
  const { refused } = await pageUserOrRefusal("admin", "open the create form", "/create");
  if (refused !== null) return <RefusedPage message={refused} />;
  const { lxcpath, unprivilegedConfigPath, templates, root } = await createContext();
  // /images links here with an image (and its mirror); the lists offered are those of that server.
  const params = await searchParams;
  const server = mirrorHostSchema.safeParse(params.server).success ? String(params.server) : "";
  const { choices, catalogue } = await downloadImages(server || DEFAULT_IMAGE_SERVER);
  const incusHosts = (await hostEntries()).map((e) => e.record.name);
  return (
    <div className="flex max-w-4xl flex-col gap-5">
      <div>
        <h1 className="text-xl font-semibold">Create container</h1>
        <p className="text-sm text-muted">
          Pick a name and a template; the command below is exactly what the dashboard will run.
        </p>
      </div>
      {incusHosts.length > 0 && (
        <p className="text-sm">
          On this machine&apos;s classic LXC (below), or on an Incus host:{" "}
          {incusHosts.map((h, i) => (
            <span key={h}>
              {i > 0 && ", "}
              <Link href={`/hosts/${encodeURIComponent(h)}/create`} className="font-mono text-accent hover:underline">
                {h}
              </Link>
            </span>
          ))}
        </p>
      )}
      <CreateContainerForm
        context={{ lxcpath, unprivilegedConfigPath }}
        hostTemplates={templates}
        root={root}
        images={choices}
        imageNote={catalogue.ok ? null : `The image index of ${catalogue.server} could not be read: ${catalogue.message}`}
        prefill={createPrefillFrom(params, choices, server)}
      />
    </div>
  );
}
