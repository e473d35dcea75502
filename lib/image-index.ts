import { z } from "zod";

/**
 * Images of the `download` template, as the image server's index lists them.
 * lxc-download reads `https://SERVER/meta/1.0/index-system`: one image per
 * line, `dist;release;arch;variant;build;path`. What the index says becomes
 * lxc-create arguments and cache directory names, so every part must pass a
 * strict charset; a line that does not is skipped, never passed on.
 */

/** A dist, release, arch or variant: a word of letters, digits and . _ + - that does not start with one of those. */
export const IMAGE_PART = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

export const imagePartSchema = z.string().regex(IMAGE_PART, "Letters, digits and . _ + - only, starting with a letter or digit.");

/** What names one image (and one directory of the local cache). */
export interface ImageKey {
  dist: string;
  release: string;
  arch: string;
  variant: string;
}

export interface CatalogueImage extends ImageKey {
  /** The build as the index names it, e.g. "20251127_07:42". */
  build: string;
  /** The build as an ISO time (the server builds in UTC); null when the name is not a date. */
  builtAt: string | null;
  /** Where on the server the build's rootfs.tar.xz and meta.tar.xz are, e.g. "/images/debian/bookworm/amd64/default/20251127_07:42". */
  path: string;
}

export const imageKeySchema = z.object({
  dist: imagePartSchema,
  release: imagePartSchema,
  arch: imagePartSchema,
  variant: imagePartSchema,
});

const BUILD = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}$/;
const BUILD_DATE = /^(\d{4})(\d{2})(\d{2})_(\d{2}):(\d{2})$/;
const SERVER_PATH = /^\/[A-Za-z0-9._:+@/-]{1,400}$/;

/** Only the four parts of an image (what the create form needs of a longer record). */
export function imageKeyOf({ dist, release, arch, variant }: ImageKey): ImageKey {
  return { dist, release, arch, variant };
}

export function sameImage(a: ImageKey, b: ImageKey): boolean {
  return a.dist === b.dist && a.release === b.release && a.arch === b.arch && a.variant === b.variant;
}

/** "debian bookworm amd64 default", the way people name an image. */
export function imageLabel(k: ImageKey): string {
  return `${k.dist} ${k.release} ${k.arch} ${k.variant}`;
}

/** Sorts images by dist, release, arch, variant (names compare with their numbers, so 3.9 < 3.10). */
export function compareImages(a: ImageKey, b: ImageKey): number {
  const order = new Intl.Collator("en", { numeric: true });
  return (
    order.compare(a.dist, b.dist) ||
    order.compare(a.release, b.release) ||
    order.compare(a.arch, b.arch) ||
    order.compare(a.variant, b.variant)
  );
}

/** "20251127_07:42" → "2025-11-27T07:42:00.000Z"; null for a build name that is not such a date. */
export function buildTime(build: string): string | null {
  const m = BUILD_DATE.exec(build);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  // Date.UTC rolls 20251340 over into a later month; such a name is not a date.
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 ? t.toISOString() : null;
}

/** A server path without "." or ".." segments, so it can only name something below the server's root. */
function safeServerPath(p: string): boolean {
  return SERVER_PATH.test(p) && p.split("/").every((segment) => segment !== "." && segment !== "..");
}

export interface ParsedIndex {
  /** One per image, the first line wins (as in lxc-download), sorted. */
  images: CatalogueImage[];
  /** Non-empty lines that were not a valid image line. */
  malformed: number;
}

/** The index text → its images; malformed lines are counted and skipped. */
export function parseImageIndex(text: string): ParsedIndex {
  const images: CatalogueImage[] = [];
  let malformed = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const fields = line.split(";");
    const [dist = "", release = "", arch = "", variant = "", build = "", path = ""] = fields;
    const valid =
      fields.length === 6 &&
      [dist, release, arch, variant].every((part) => IMAGE_PART.test(part)) &&
      BUILD.test(build) &&
      safeServerPath(path);
    if (!valid) {
      malformed++;
      continue;
    }
    const image = { dist, release, arch, variant, build, builtAt: buildTime(build), path: path.replace(/\/+$/, "") };
    if (!images.some((seen) => sameImage(seen, image))) images.push(image);
  }
  return { images: images.sort(compareImages), malformed };
}
