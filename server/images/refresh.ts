import { randomBytes } from "node:crypto";
import { mkdir, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { imageLabel, sameImage, type CatalogueImage, type ImageKey } from "@/lib/image-index";
import { runToolOrThrow } from "../lxc";
import { getCatalogue } from "./catalogue";
import { cachedBuild, cachedImageDir, imageCacheRoot, replaceCachedImage } from "./local-cache";
import { downloadFile, ImageServerError } from "./wget";

/**
 * Refreshing a cached image: the dashboard downloads the newest build the
 * image server lists into a directory beside the cached one and swaps it in
 * only when it is complete, the same files lxc-download would write
 * (rootfs.tar.xz, the meta files, build_id). Why not `lxc-create
 * --flush-cache`: that needs a container to create, and lxc-download deletes
 * the cached copy before it downloads, so a failed download leaves no image at
 * all; here a failure leaves the old copy as it was.
 */

export interface RefreshResult {
  dir: string;
  build: string;
  /** False when the cache already held the newest build. */
  updated: boolean;
}

/** The URLs a refresh downloads from, for the audit row before anything runs. */
export function imageFileUrls(server: string, image: CatalogueImage): { rootfs: URL; meta: URL } {
  const base = `https://${server}${image.path}`;
  return { rootfs: new URL(`${base}/rootfs.tar.xz`), meta: new URL(`${base}/meta.tar.xz`) };
}

/** The image as the server's index lists it now; ImageServerError when it cannot be read or lists no such image. */
export async function listedImage(server: string, key: ImageKey): Promise<CatalogueImage> {
  const catalogue = await getCatalogue(server, { reread: true });
  if (!catalogue.ok) throw new ImageServerError(catalogue.message.replace(/\.$/, ""));
  const image = catalogue.images.find((i) => sameImage(i, key));
  if (!image) throw new ImageServerError(`${server} does not list ${imageLabel(key)}`);
  return image;
}

export async function refreshCachedImage(
  server: string,
  image: CatalogueImage,
  { root = imageCacheRoot(), signal }: { root?: string; signal?: AbortSignal } = {},
): Promise<RefreshResult> {
  const dir = cachedImageDir(image, root);
  if ((await cachedBuild(dir)) === image.build) return { dir, build: image.build, updated: false };

  const fresh = path.join(path.dirname(dir), `.refresh-${randomBytes(6).toString("hex")}`);
  await mkdir(fresh, { recursive: true });
  try {
    const urls = imageFileUrls(server, image);
    const meta = path.join(fresh, "meta.tar.xz");
    await downloadFile(urls.rootfs, path.join(fresh, "rootfs.tar.xz"), signal);
    await downloadFile(urls.meta, meta, signal);
    // As lxc-download does: the meta tarball's files go next to the rootfs.
    await runToolOrThrow(["tar", "--no-same-owner", "-xJf", meta, "-C", fresh]);
    await unlink(meta);
    await writeFile(path.join(fresh, "build_id"), `${image.build}\n`);
    await replaceCachedImage(image, fresh, root);
    return { dir, build: image.build, updated: true };
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}
