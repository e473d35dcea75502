import type { CreateRequest } from "./container-types";
import { createRequestSchema } from "./create-options";

// One import for the form and the server: the schema and its fixed lists live in create-options.
export * from "./create-options";

/**
 * The exact `lxc-create` command for a create request. Pure, so the browser can
 * show the command live while the user fills in the form, and the server runs
 * the very same argv.
 */

export interface CreateCommandContext {
  lxcpath: string;
  /** The config file with the idmap and veth lines (see server/lxc/unprivileged-config.ts). */
  unprivilegedConfigPath: string;
}

/** Throws a ZodError when the request breaks the schema (the server validates earlier, with typed errors). */
export function buildCreateArgv(request: CreateRequest, ctx: CreateCommandContext): string[] {
  const r = createRequestSchema.parse(request);
  const argv = ["lxc-create", "-P", ctx.lxcpath, "-n", r.name, "-t", r.template];
  // Privileged containers take the host's /etc/lxc/default.conf (veth on lxcbr0).
  if (r.unprivileged) argv.push("-f", ctx.unprivilegedConfigPath);
  const templateArgs = templateOptions(r);
  if (templateArgs.length > 0) argv.push("--", ...templateArgs);
  return argv;
}

function templateOptions(r: CreateRequest): string[] {
  switch (r.template) {
    case "busybox":
      return [];
    case "download":
      return [
        "--dist",
        r.dist,
        "--release",
        r.release,
        "--arch",
        r.arch,
        "--variant",
        r.variant,
        ...(r.server ? ["--server", r.server] : []),
        ...(r.cached ? ["--force-cache"] : []),
      ];
    case "debian":
      return ["-r", r.release];
  }
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argv as a command a person can paste into a POSIX shell; only words that need it are quoted. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" ");
}
