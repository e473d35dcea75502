import { IMAGE_PART, imageKeyOf, sameImage, type ImageKey } from "./image-index";

/**
 * The images the create form offers for the download template, and the one
 * rule the server checks a request against: an image is offered when a list
 * the server read names it (the dashboard's fixed list, the image server's
 * index) or when it is in the local cache. The form's selects are built from
 * the same lists, so they never offer what the server would refuse.
 */
export interface ImageChoices {
  /** Images some list names: the fixed list and the index the server read. */
  listed: ImageKey[];
  /** Images in the local cache: offered too, and the only ones that can be made offline. */
  cached: ImageKey[];
}

/** The architecture a choice falls back to first, as the common one. */
const PREFERRED = { arch: "amd64", variant: "default" } as const;

function all(choices: ImageChoices): ImageKey[] {
  return [...choices.listed, ...choices.cached];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function distsOf(choices: ImageChoices): string[] {
  return unique(all(choices).map((k) => k.dist)).sort((a, b) => a.localeCompare(b));
}

/** Releases in the order the lists give them (the fixed list has the newest first). */
export function releasesOf(choices: ImageChoices, dist: string): string[] {
  return unique(all(choices).filter((k) => k.dist === dist).map((k) => k.release));
}

export function archesOf(choices: ImageChoices, dist: string, release: string): string[] {
  return unique(all(choices).filter((k) => k.dist === dist && k.release === release).map((k) => k.arch));
}

export function variantsOf(choices: ImageChoices, dist: string, release: string, arch: string): string[] {
  return unique(
    all(choices)
      .filter((k) => k.dist === dist && k.release === release && k.arch === arch)
      .map((k) => k.variant),
  );
}

export function isOffered(choices: ImageChoices, key: ImageKey): boolean {
  return all(choices).some((k) => sameImage(k, key));
}

export function isCached(choices: ImageChoices, key: ImageKey): boolean {
  return choices.cached.some((k) => sameImage(k, key));
}

/** The first part of `key` no list offers, with a message for its field; null when the image is offered. */
export function imageProblem(choices: ImageChoices, key: ImageKey): { field: keyof ImageKey; message: string } | null {
  if (!distsOf(choices).includes(key.dist)) return { field: "dist", message: "Choose a distribution from the list." };
  if (!releasesOf(choices, key.dist).includes(key.release)) {
    return { field: "release", message: "Choose a release from the list for this distribution." };
  }
  if (!archesOf(choices, key.dist, key.release).includes(key.arch)) {
    return { field: "arch", message: "Choose an architecture from the list for this release." };
  }
  if (!variantsOf(choices, key.dist, key.release, key.arch).includes(key.variant)) {
    return { field: "variant", message: "Choose a variant from the list for this image." };
  }
  return null;
}

function pick(options: string[], current: string, preferred?: string): string {
  if (options.includes(current)) return current;
  if (preferred !== undefined && options.includes(preferred)) return preferred;
  return options[0] ?? current;
}

/**
 * The nearest offered image to `key`: each part kept when the lists offer it
 * under the parts before it, else the preferred or first option. What the
 * form does when the person changes the dist or the release.
 */
export function nearestOffered(choices: ImageChoices, key: ImageKey): ImageKey {
  const dist = pick(distsOf(choices), key.dist);
  const release = pick(releasesOf(choices, dist), key.release);
  const arch = pick(archesOf(choices, dist, release), key.arch, PREFERRED.arch);
  const variant = pick(variantsOf(choices, dist, release, arch), key.variant, PREFERRED.variant);
  return { dist, release, arch, variant };
}

/** An image the create form should start with, as /images links to it. */
export interface CreatePrefill {
  image: ImageKey;
  /** The mirror to make it from; "" for the default server. */
  server: string;
  /** Make it from the local cache (offline). */
  cached: boolean;
}

/** The create page's address for an image: /create?template=download&dist=…. */
export function createPageHref({ image, server, cached }: CreatePrefill): string {
  const params = new URLSearchParams({ template: "download", ...imageKeyOf(image) });
  if (server) params.set("server", server);
  if (cached) params.set("cached", "1");
  return `/create?${params.toString()}`;
}

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}

/**
 * The image the create page's address asks for, when it is one `choices`
 * offers; null otherwise (the form then starts as usual). `server` is the
 * address's server once the caller has checked it ("" when it was not valid).
 */
export function createPrefillFrom(params: SearchParams, choices: ImageChoices, server: string): CreatePrefill | null {
  if (single(params.template) !== "download") return null;
  const image = { dist: single(params.dist), release: single(params.release), arch: single(params.arch), variant: single(params.variant) };
  if (![image.dist, image.release, image.arch, image.variant].every((p) => IMAGE_PART.test(p)) || !isOffered(choices, image)) return null;
  return { image, server, cached: single(params.cached) === "1" && isCached(choices, image) };
}
