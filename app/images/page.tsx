import type { Metadata } from "next";
import { arch } from "node:os";
import { formatTimestamp } from "@/lib/format-units";
import { imageKeyOf } from "@/lib/image-index";
import { imageArchOf } from "@/lib/image-search";
import { chooseImageServer } from "@/lib/image-server-choice";
import { DEFAULT_IMAGE_SERVER } from "@/lib/image-types";
import { requirePageUser } from "@/server/auth/next";
import { getCatalogue, imageCacheRoot, listCachedImages } from "@/server/images";
import { Banner } from "@/components/ui/banner";
import { CachedImagesTable } from "@/components/images/cached-images-table";
import { CatalogueTable } from "@/components/images/catalogue-table";
import { ImageServerForm } from "@/components/images/image-server-form";

export const metadata: Metadata = { title: "Images" };

type SearchParams = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** The download template's images: the local cache first (it works offline), then the image server's index. */
export default async function ImagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageUser("viewer", "view images", "/images");
  const params = await searchParams;
  // The mirror as the create form and a refresh should use it: "" means the default server.
  const { server, error: serverError } = chooseImageServer(one(params.server), actor.role);
  const [catalogue, cached] = await Promise.all([
    getCatalogue(server || DEFAULT_IMAGE_SERVER, { reread: one(params.reread) === "1" }),
    listCachedImages(),
  ]);
  const canAct = actor.role === "admin";
  // A server component renders once per request: "now" is that request's time, for the cache's ages.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const hostArch = imageArchOf(arch()) ?? "";

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">Images</h1>
        <p className="text-sm text-muted">
          Images of the <span className="font-mono">download</span> template: those the image server lists, and those
          already in the local cache, which need no network.
        </p>
      </div>

      <section aria-labelledby="cache-heading" className="flex flex-col gap-2">
        <h2 id="cache-heading" className="text-sm font-semibold text-muted">
          Local cache <span className="font-mono font-normal">{imageCacheRoot()}</span>
        </h2>
        <CachedImagesTable images={cached} now={now} server={server} canAct={canAct} />
      </section>

      <section aria-labelledby="catalogue-heading" className="flex flex-col gap-3">
        <h2 id="catalogue-heading" className="text-sm font-semibold text-muted">
          Catalogue of <span className="font-mono">{catalogue.server}</span>
        </h2>
        <ImageServerForm server={server} error={serverError} />
        {!catalogue.ok && (
          <Banner title={`The image index of ${catalogue.server} could not be read`}>
            <p>{catalogue.message}</p>
            <p className="mt-1">
              {catalogue.readAt
                ? `Showing the index as it was read at ${formatTimestamp(catalogue.readAt)}. `
                : ""}
              The cached images above can still be used to create containers without the network.
            </p>
          </Banner>
        )}
        {catalogue.ok && catalogue.malformed > 0 && (
          <p className="text-xs text-muted">
            {catalogue.malformed} line{catalogue.malformed === 1 ? "" : "s"} of the index were not valid image lines and
            are not offered.
          </p>
        )}
        {catalogue.images.length > 0 && (
          <CatalogueTable
            images={catalogue.images}
            cached={cached.map(imageKeyOf)}
            server={server}
            defaultArch={catalogue.images.some((i) => i.arch === hostArch) ? hostArch : ""}
            canCreate={canAct}
          />
        )}
        {catalogue.ok && (
          <p className="text-xs text-muted">Index read at {formatTimestamp(catalogue.readAt)}.</p>
        )}
      </section>
    </div>
  );
}
