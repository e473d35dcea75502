import {
  buildCreateArgv,
  CREATE_DEFAULTS,
  DEBIAN_RELEASES,
  formatArgv,
  mirrorHostSchema,
  type CreateCommandContext,
  type CreateRequestInput,
} from "@/lib/create-command";
import { containerNameProblem } from "@/lib/container-name";
import type { CreateRequest, TemplateName } from "@/lib/container-types";
import { isCached, nearestOffered, type CreatePrefill, type ImageChoices } from "@/lib/image-choices";
import type { ImageKey } from "@/lib/image-index";

/** Everything the create form holds; each template reads its own fields. */
export interface CreateFormState {
  name: string;
  template: TemplateName;
  dist: string;
  downloadRelease: string;
  arch: string;
  variant: string;
  server: string;
  /** Make the download image from the local cache (lxc-download --force-cache). */
  cached: boolean;
  debianRelease: (typeof DEBIAN_RELEASES)[number];
  unprivileged: boolean;
  autostart: boolean;
  start: boolean;
}

export const INITIAL_FORM: CreateFormState = {
  name: "",
  template: "busybox",
  dist: CREATE_DEFAULTS.download.dist,
  downloadRelease: CREATE_DEFAULTS.download.release,
  arch: CREATE_DEFAULTS.download.arch,
  variant: CREATE_DEFAULTS.download.variant,
  server: "",
  cached: false,
  debianRelease: CREATE_DEFAULTS.debian.release,
  unprivileged: true,
  autostart: false,
  start: false,
};

/** The debian template cannot make unprivileged containers; the form says so and sends privileged. */
export function unprivilegedAllowed(template: TemplateName): boolean {
  return template !== "debian";
}

export function imageOf(f: CreateFormState): ImageKey {
  return { dist: f.dist, release: f.downloadRelease, arch: f.arch, variant: f.variant };
}

/**
 * The form's image fields after the person changed some of them: the later
 * parts follow to what the lists offer, and "from the cache" stays on only
 * while the image is cached.
 */
export function withImage(f: CreateFormState, images: ImageChoices, change: Partial<ImageKey>): Partial<CreateFormState> {
  const image = nearestOffered(images, { ...imageOf(f), ...change });
  return {
    dist: image.dist,
    downloadRelease: image.release,
    arch: image.arch,
    variant: image.variant,
    cached: f.cached && isCached(images, image),
  };
}

/** The form as /images starts it: the download template with that image (and mirror, and cache choice). */
export function prefilledForm(prefill: CreatePrefill | null): CreateFormState {
  if (!prefill) return INITIAL_FORM;
  const { image, server, cached } = prefill;
  return {
    ...INITIAL_FORM,
    template: "download",
    dist: image.dist,
    downloadRelease: image.release,
    arch: image.arch,
    variant: image.variant,
    server,
    cached,
  };
}

/** What the form sends to startCreate; the server validates it again. */
export function toCreateInput(f: CreateFormState): CreateRequestInput {
  const common = {
    name: f.name.trim(),
    unprivileged: unprivilegedAllowed(f.template) && f.unprivileged,
    autostart: f.autostart,
    start: f.start,
  };
  switch (f.template) {
    case "busybox":
      return { template: "busybox", ...common };
    case "download":
      return {
        template: "download",
        ...common,
        dist: f.dist,
        release: f.downloadRelease,
        arch: f.arch,
        variant: f.variant,
        server: f.server.trim(),
        cached: f.cached,
      };
    case "debian":
      return { template: "debian", ...common, release: f.debianRelease };
  }
}

/** The placeholder the preview shows until the name is a valid one. */
export const NAME_PLACEHOLDER = "NAME";

/**
 * The exact command the form would run, built by the same function the server
 * uses. Fields not yet valid show as placeholders (the name) or are left out
 * (a half-typed mirror), so the preview always shows a runnable command.
 */
export function previewCommand(f: CreateFormState, ctx: CreateCommandContext): string {
  const input = toCreateInput(f);
  const name = containerNameProblem(input.name) ? NAME_PLACEHOLDER : input.name;
  const server = input.template === "download" && mirrorHostSchema.safeParse(input.server).success ? input.server : "";
  const request = { ...input, name, ...(input.template === "download" && { server }) } as CreateRequest;
  return formatArgv(buildCreateArgv(request, ctx));
}
