import { z } from "zod";
import { containerNameSchema } from "./container-name";
import type { CreateRequest, TemplateName } from "./container-types";
import { imageProblem, isCached, type ImageChoices } from "./image-choices";
import { imagePartSchema, type ImageKey } from "./image-index";

/**
 * The create form's schema. Every template option comes from a list (for the
 * download template: the fixed list below, the image server's index or the
 * local cache, see image-choices.ts) and every image part passes a strict
 * charset, so nothing the browser sends can become a raw config key, a path or
 * an extra flag; keys the schema does not know are dropped, never passed on.
 */

export const TEMPLATE_NAMES = ["busybox", "download", "debian"] as const satisfies readonly TemplateName[];

/** Images of images.linuxcontainers.org (or a mirror of it) the form offers: dist → releases. */
export const DOWNLOAD_IMAGES = {
  alpine: ["3.22", "3.21", "3.20", "edge"],
  archlinux: ["current"],
  busybox: ["1.36.1"],
  debian: ["trixie", "bookworm", "bullseye"],
  fedora: ["42", "41"],
  rockylinux: ["9", "8"],
  ubuntu: ["noble", "jammy", "focal"],
} as const satisfies Record<string, readonly string[]>;

export const DOWNLOAD_ARCHES = ["amd64", "arm64", "armhf", "i386", "ppc64el", "riscv64", "s390x"] as const;
export const DOWNLOAD_VARIANTS = ["default", "cloud"] as const;

/** The fixed list as images: every release of a dist in every arch and variant. */
export const FIXED_DOWNLOAD_IMAGES: ImageKey[] = Object.entries(DOWNLOAD_IMAGES).flatMap(([dist, releases]) =>
  releases.flatMap((release) =>
    DOWNLOAD_ARCHES.flatMap((arch) => DOWNLOAD_VARIANTS.map((variant) => ({ dist, release, arch, variant }))),
  ),
);

/** What the form offers and the server accepts when it has read no index and no cache. */
export const FIXED_IMAGE_CHOICES: ImageChoices = { listed: FIXED_DOWNLOAD_IMAGES, cached: [] };

/** The fixed list together with what the server read: an image server's index and the local cache. */
export function downloadImageChoices(catalogue: ImageKey[], cached: ImageKey[]): ImageChoices {
  return { listed: [...FIXED_DOWNLOAD_IMAGES, ...catalogue], cached };
}

/** Releases the debian template can debootstrap from Debian's mirror. */
export const DEBIAN_RELEASES = ["bookworm", "trixie", "bullseye", "sid"] as const;

/** What the form starts with for each template's options. */
export const CREATE_DEFAULTS = {
  download: { dist: "ubuntu", release: "noble", arch: "amd64", variant: "default" },
  debian: { release: "bookworm" },
} as const;

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = new RegExp(`^(?=[^:]{1,253}(?::|$))${LABEL}(?:\\.${LABEL})*(?::(\\d{1,5}))?$`);

/** A mirror host for the download template: a hostname, optionally with a port. */
export const mirrorHostSchema = z
  .string()
  .regex(HOSTNAME, "Enter a host name such as images.example.org (optionally with :port).")
  .refine((s) => {
    const port = HOSTNAME.exec(s)?.[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }, "A port is between 1 and 65535.");

const common = {
  name: containerNameSchema,
  unprivileged: z.boolean().default(true),
  autostart: z.boolean().default(false),
  start: z.boolean().default(false),
};

const busyboxSchema = z.object({ template: z.literal("busybox"), ...common });

// Which image lists offer is checked by parseCreateRequest against the lists the server read;
// the schema itself holds each part to the charset, so no value can become a flag or a path.
const downloadSchema = z.object({
  template: z.literal("download"),
  ...common,
  dist: imagePartSchema,
  release: imagePartSchema,
  arch: imagePartSchema,
  variant: imagePartSchema,
  // An empty field in the form means "the default server".
  server: z.union([z.literal("").transform(() => undefined), mirrorHostSchema]).optional(),
  /** Make it from the local cache even if expired, never from the network (lxc-download --force-cache). */
  cached: z.boolean().default(false),
});

const debianSchema = z
  .object({
    template: z.literal("debian"),
    ...common,
    release: z.enum(DEBIAN_RELEASES, { error: "Choose a Debian release from the list." }),
  })
  // lxc-debian exits at once when given an idmap ("can't be used for unprivileged containers").
  .refine((r) => !r.unprivileged, {
    path: ["unprivileged"],
    message: "The debian template makes privileged containers only; use download for an unprivileged Debian.",
  });

const createRequestUnion = z.discriminatedUnion("template", [busyboxSchema, downloadSchema, debianSchema], {
  error: "Choose busybox, download or debian.",
});

/** What the form may send: the booleans default to unprivileged, no autostart, no start. */
export type CreateRequestInput = z.input<typeof createRequestUnion>;

export const createRequestSchema: z.ZodType<CreateRequest, CreateRequestInput> = createRequestUnion;

/** What this host can make: as a regular user (non-root mode) unprivileged containers only, and only with the templates installed. */
export interface CreateHost {
  root: boolean;
  /** Templates in /usr/share/lxc/templates (without the lxc- prefix); undefined when not checked. */
  templates?: readonly string[];
}

/** Why a regular user cannot have a choice, in the form and in the server's refusal alike. */
export const NEEDS_ROOT = {
  privileged: "Only root can make a privileged container, and the dashboard runs as a regular user.",
  debian: "The debian template makes privileged containers only, which need root; use download for a Debian container.",
} as const;

/** A privileged container (and so the debian template) is root's alone; null when the host can make the request. */
export function privilegeProblem(
  request: Pick<CreateRequest, "template" | "unprivileged">,
  host: CreateHost,
): { field: string; message: string } | null {
  if (host.root) return null;
  if (request.template === "debian") return { field: "template", message: NEEDS_ROOT.debian };
  if (!request.unprivileged) return { field: "unprivileged", message: NEEDS_ROOT.privileged };
  return null;
}

/** A template whose script the host lacks cannot run, whatever the form says. */
function notInstalled(template: TemplateName): string {
  return `The ${template} template is not installed on this host (no lxc-${template} in /usr/share/lxc/templates).`;
}

/** The supported templates this host cannot use, each with the reason (for the form's cards). */
export function unavailableTemplates(host: CreateHost): Partial<Record<TemplateName, string>> {
  const out: Partial<Record<TemplateName, string>> = {};
  for (const t of TEMPLATE_NAMES) {
    if (host.templates && !host.templates.includes(t)) out[t] = notInstalled(t);
    else if (!host.root && t === "debian") out[t] = NEEDS_ROOT.debian;
  }
  return out;
}

/**
 * Either the parsed request, or the first problem and the form field it belongs
 * to. A download image must be one `images` offers (by default the fixed list
 * only); one asked for from the cache must be in the cache. As a regular user
 * (`host.root` false) only unprivileged containers are accepted.
 */
export function parseCreateRequest(
  input: unknown,
  images: ImageChoices = FIXED_IMAGE_CHOICES,
  host: CreateHost = { root: true },
): { ok: true; request: CreateRequest } | { ok: false; field: string; message: string } {
  const r = createRequestSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? "template"), message: issue?.message ?? "Invalid request." };
  }
  const request = r.data;
  if (host.templates && !host.templates.includes(request.template)) {
    return { ok: false, field: "template", message: notInstalled(request.template) };
  }
  const needsRoot = privilegeProblem(request, host);
  if (needsRoot) return { ok: false, ...needsRoot };
  if (request.template === "download") {
    const problem = imageProblem(images, request);
    if (problem) return { ok: false, ...problem };
    if (request.cached && !isCached(images, request)) {
      return { ok: false, field: "cached", message: "This image is not in the local cache; make it from the image server instead." };
    }
  }
  return { ok: true, request };
}
