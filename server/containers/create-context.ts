import { readdir } from "node:fs/promises";
import { processIsRoot } from "../host/host-user";
import { lxcPath, ensureUnprivilegedConfig } from "../lxc";

export interface CreateContext {
  lxcpath: string;
  unprivilegedConfigPath: string;
  /** Templates this host has (from /usr/share/lxc/templates), the supported ones first. */
  templates: string[];
  /** False as a regular user (non-root mode): no privileged containers, so no debian template. */
  root: boolean;
}

const TEMPLATE_DIR = "/usr/share/lxc/templates";

/** The templates this host has, by name (lxc-busybox → busybox). */
export async function installedTemplates(): Promise<string[]> {
  const found = await readdir(TEMPLATE_DIR).catch(() => [] as string[]);
  return found.filter((f) => f.startsWith("lxc-")).map((f) => f.slice(4)).sort();
}

/** What the create form needs from the server to show the exact command. */
export async function createContext(): Promise<CreateContext> {
  const { path: unprivilegedConfigPath } = await ensureUnprivilegedConfig();
  return { lxcpath: lxcPath(), unprivilegedConfigPath, templates: await installedTemplates(), root: processIsRoot() };
}
