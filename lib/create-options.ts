import { z } from "zod";
import { containerNameSchema } from "./container-name";
import type { CreateRequest, TemplateName } from "./container-types";

/**
 * The create form's schema. Every template option comes from a fixed list, so
 * nothing the browser sends can become a raw config key, a path or an extra
 * flag; keys the schema does not know are dropped, never passed on.
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

export type DownloadDist = keyof typeof DOWNLOAD_IMAGES;
export const DOWNLOAD_DISTS = Object.keys(DOWNLOAD_IMAGES) as DownloadDist[];
export const DOWNLOAD_ARCHES = ["amd64", "arm64", "armhf", "i386", "ppc64el", "riscv64", "s390x"] as const;
export const DOWNLOAD_VARIANTS = ["default", "cloud"] as const;
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

const downloadSchema = z
  .object({
    template: z.literal("download"),
    ...common,
    dist: z.enum(DOWNLOAD_DISTS as [DownloadDist, ...DownloadDist[]], { error: "Choose a distribution from the list." }),
    release: z.string({ error: "Choose a release from the list." }),
    arch: z.enum(DOWNLOAD_ARCHES, { error: "Choose an architecture from the list." }),
    variant: z.enum(DOWNLOAD_VARIANTS, { error: "Choose default or cloud." }),
    // An empty field in the form means "the default server".
    server: z.union([z.literal("").transform(() => undefined), mirrorHostSchema]).optional(),
  })
  .refine((r) => (DOWNLOAD_IMAGES[r.dist] as readonly string[]).includes(r.release), {
    path: ["release"],
    message: "Choose a release from the list for this distribution.",
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

/** Either the parsed request, or the first problem and the form field it belongs to. */
export function parseCreateRequest(
  input: unknown,
): { ok: true; request: CreateRequest } | { ok: false; field: string; message: string } {
  const r = createRequestSchema.safeParse(input);
  if (r.success) return { ok: true, request: r.data };
  const issue = r.error.issues[0];
  return { ok: false, field: String(issue?.path[0] ?? "template"), message: issue?.message ?? "Invalid request." };
}
