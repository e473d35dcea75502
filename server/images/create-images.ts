import { createRequestSchema, downloadImageChoices } from "@/lib/create-options";
import { isOffered, type ImageChoices } from "@/lib/image-choices";
import { imageKeyOf } from "@/lib/image-index";
import { DEFAULT_IMAGE_SERVER, type CachedImage, type Catalogue } from "@/lib/image-types";
import { getCatalogue } from "./catalogue";
import { listCachedImages } from "./local-cache";

/**
 * The download images the create form offers and the server accepts: the
 * fixed list, the image server's index, and the local cache.
 */

export interface DownloadImages {
  choices: ImageChoices;
  catalogue: Catalogue;
  cached: CachedImage[];
}

/** Everything offered for `server` (the index is read, or taken from memory). */
export async function downloadImages(server: string = DEFAULT_IMAGE_SERVER): Promise<DownloadImages> {
  const [catalogue, cached] = await Promise.all([getCatalogue(server), listCachedImages()]);
  return { choices: downloadImageChoices(catalogue.images.map(imageKeyOf), cached.map(imageKeyOf)), catalogue, cached };
}

/**
 * The images a create request is checked against. The index is read only
 * when the fixed list and the cache do not offer the image asked for, so a
 * create from the cache never waits for an image server that is down.
 */
export async function imageChoicesForCreate(input: unknown): Promise<ImageChoices> {
  const local = downloadImageChoices([], (await listCachedImages()).map(imageKeyOf));
  const r = createRequestSchema.safeParse(input);
  if (!r.success || r.data.template !== "download" || isOffered(local, r.data)) return local;
  const catalogue = await getCatalogue(r.data.server ?? DEFAULT_IMAGE_SERVER);
  return downloadImageChoices(catalogue.images.map(imageKeyOf), local.cached);
}
