import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { lstat, readdir, readFile, rename, rm, rmdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { buildTime, compareImages, IMAGE_PART, imageKeySchema, imageLabel, type ImageKey } from "@/lib/image-index";
import type { CachedImage } from "@/lib/image-types";

/**
 * lxc-download's local image cache: DIST/RELEASE/ARCH/VARIANT directories,
 * each with rootfs.tar.xz, the meta files (config, config-user, expiry...) and
 * build_id. Paths are built only from parts that pass the image charset, so a
 * name from the browser can never reach outside the cache.
 */

/** A cache directory that is not there, or a part that could never name one. */
export class ImageNotCached extends Error {
  override name = "ImageNotCached";
}

/**
 * Where lxc-download keeps images for the user the dashboard runs as: root's
 * containers use /var/cache/lxc, a regular user's (unprivileged, in a user
 * namespace) use ~/.cache/lxc.
 */
export function imageCacheRoot(): string {
  return process.getuid?.() === 0 ? "/var/cache/lxc/download" : path.join(homedir(), ".cache", "lxc", "download");
}

/** The directory of one image; the parts are checked first. */
export function cachedImageDir(key: ImageKey, root: string = imageCacheRoot()): string {
  const r = imageKeySchema.safeParse(key);
  if (!r.success) throw new ImageNotCached("That is not an image name.");
  const { dist, release, arch, variant } = r.data;
  return path.join(root, dist, release, arch, variant);
}

/** Subdirectories whose names could be image parts; temporary ones (".refresh-…") and symlinks are skipped. */
async function partDirs(dir: string): Promise<string[]> {
  const found = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  return found.filter((d) => d.isDirectory() && IMAGE_PART.test(d.name)).map((d) => d.name);
}

// lxc-download picks config, config-user, config.7 or config-user.7 (its relevant_file).
const CONFIG_FILE = /^config(?:-user|-system)?(?:\.\d+)?$/;

/** The build an image's build_id names, or null when it has none (or not a plausible one). */
export async function cachedBuild(dir: string): Promise<string | null> {
  const text = await readFile(path.join(dir, "build_id"), "utf8").catch(() => null);
  const build = text?.trim() ?? "";
  return /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}$/.test(build) ? build : null;
}

async function describe(key: ImageKey, dir: string): Promise<CachedImage> {
  const files = await readdir(dir, { withFileTypes: true });
  let sizeBytes = 0;
  let rootfsTime: Date | null = null;
  for (const f of files.filter((e) => e.isFile())) {
    const info = await lstat(path.join(dir, f.name)).catch(() => null);
    if (!info) continue;
    sizeBytes += info.size;
    if (f.name === "rootfs.tar.xz") rootfsTime = info.mtime;
  }
  const names = files.map((f) => f.name);
  const build = await cachedBuild(dir);
  const expiryText = (await readFile(path.join(dir, "expiry"), "utf8").catch(() => "")).trim();
  return {
    ...key,
    sizeBytes,
    build,
    builtAt: build ? buildTime(build) : null,
    downloadedAt: (rootfsTime ?? (await lstat(dir)).mtime).toISOString(),
    expiresAt: /^\d{1,12}$/.test(expiryText) ? new Date(Number(expiryText) * 1000).toISOString() : null,
    complete: names.includes("rootfs.tar.xz") && names.some((n) => CONFIG_FILE.test(n)),
  };
}

/** Every image in the cache, sorted; an unreadable or absent cache is an empty one. */
export async function listCachedImages(root: string = imageCacheRoot()): Promise<CachedImage[]> {
  const images: CachedImage[] = [];
  for (const dist of await partDirs(root)) {
    for (const release of await partDirs(path.join(root, dist))) {
      for (const arch of await partDirs(path.join(root, dist, release))) {
        for (const variant of await partDirs(path.join(root, dist, release, arch))) {
          const key = { dist, release, arch, variant };
          const image = await describe(key, path.join(root, dist, release, arch, variant)).catch(() => null);
          if (image) images.push(image);
        }
      }
    }
  }
  return images.sort(compareImages);
}

/** A real directory (not a symlink to one) at `dir`, or ImageNotCached. */
async function requireCachedDir(key: ImageKey, dir: string): Promise<void> {
  const info = await lstat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ImageNotCached(`${imageLabel(key)} is not in the local image cache.`);
}

/** Removes the arch, release and dist directories an image leaves empty, as a fresh cache would be. */
async function pruneEmptyParents(dir: string, root: string): Promise<void> {
  for (let parent = path.dirname(dir); parent !== root && parent.startsWith(`${root}${path.sep}`); parent = path.dirname(parent)) {
    const removed = await rmdir(parent).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}

/**
 * Deletes one image from the cache: moved aside first (so lxc-download never
 * sees half a directory), then removed. Returns the directory and what it held.
 */
export async function deleteCachedImage(
  key: ImageKey,
  root: string = imageCacheRoot(),
): Promise<{ dir: string; sizeBytes: number }> {
  const dir = cachedImageDir(key, root);
  await requireCachedDir(key, dir);
  const { sizeBytes } = await describe(key, dir);
  const aside = path.join(path.dirname(dir), `.deleting-${randomBytes(6).toString("hex")}`);
  await rename(dir, aside);
  await rm(aside, { recursive: true, force: true });
  await pruneEmptyParents(dir, root);
  return { dir, sizeBytes };
}

/** Puts a freshly filled directory in the image's place; the old one (if any) is removed after. */
export async function replaceCachedImage(key: ImageKey, fresh: string, root: string = imageCacheRoot()): Promise<string> {
  const dir = cachedImageDir(key, root);
  const old = path.join(path.dirname(dir), `.old-${randomBytes(6).toString("hex")}`);
  const hadOld = await rename(dir, old).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return false;
      throw err;
    },
  );
  await rename(fresh, dir);
  if (hadOld) await rm(old, { recursive: true, force: true });
  return dir;
}
