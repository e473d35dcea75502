import {
  buildCreateArgv,
  CREATE_DEFAULTS,
  DEBIAN_RELEASES,
  DOWNLOAD_ARCHES,
  DOWNLOAD_IMAGES,
  DOWNLOAD_VARIANTS,
  formatArgv,
  mirrorHostSchema,
  type CreateCommandContext,
  type CreateRequestInput,
  type DownloadDist,
} from "@/lib/create-command";
import { containerNameProblem } from "@/lib/container-name";
import type { CreateRequest, TemplateName } from "@/lib/container-types";

/** Everything the create form holds; each template reads its own fields. */
export interface CreateFormState {
  name: string;
  template: TemplateName;
  dist: DownloadDist;
  downloadRelease: string;
  arch: (typeof DOWNLOAD_ARCHES)[number];
  variant: (typeof DOWNLOAD_VARIANTS)[number];
  server: string;
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
  debianRelease: CREATE_DEFAULTS.debian.release,
  unprivileged: true,
  autostart: false,
  start: false,
};

/** The debian template cannot make unprivileged containers; the form says so and sends privileged. */
export function unprivilegedAllowed(template: TemplateName): boolean {
  return template !== "debian";
}

/** The releases offered for a distribution of the download template. */
export function releasesOf(dist: DownloadDist): readonly string[] {
  return DOWNLOAD_IMAGES[dist];
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
