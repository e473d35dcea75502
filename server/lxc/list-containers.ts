import { lxcPath } from "./lxc-path";
import { LXC_LS_COLUMNS, parseLxcLs } from "./parse-lxc-ls";
import { runToolOrThrow } from "./run-tool";
import type { ContainerSummary } from "./types";

export function listArgv(lxcpath = lxcPath()): string[] {
  return ["lxc-ls", "-P", lxcpath, "-f", "-F", LXC_LS_COLUMNS.join(",")];
}

/** Every container on the lxcpath, one lxc-ls call. */
export async function listContainers(): Promise<ContainerSummary[]> {
  const { stdout } = await runToolOrThrow(listArgv());
  return parseLxcLs(stdout);
}
