import { access } from "node:fs/promises";
import path from "node:path";
import { UnexpectedOutput } from "./errors";
import { runToolSyncOrThrow } from "./run-tool";
import { validContainerName } from "./validate-name";

let userDefault: string | undefined;

/**
 * Where containers live: LXC_LXCPATH when set, else the running user's default
 * (`/var/lib/lxc` for root, `~/.local/share/lxc` for others) as lxc-config
 * reports it, asked once per process.
 */
export function lxcPath(): string {
  const fromEnv = process.env.LXC_LXCPATH;
  if (fromEnv) return path.resolve(fromEnv);
  if (userDefault === undefined) {
    const printed = runToolSyncOrThrow(["lxc-config", "lxc.lxcpath"]).stdout.trim();
    if (!path.isAbsolute(printed)) throw new UnexpectedOutput("lxc-config", `lxcpath "${printed}"`);
    userDefault = printed;
  }
  return userDefault;
}

/** The container's directory; the name is checked first so it is always a direct child of the lxcpath. */
export function containerDir(name: string): string {
  const checked = validContainerName(name);
  return path.join(lxcPath(), checked);
}

export function containerConfigPath(name: string): string {
  return path.join(containerDir(name), "config");
}

/** Whether the container exists, as lxc-ls decides it: its directory holds a config file. */
export async function containerExists(name: string): Promise<boolean> {
  return access(containerConfigPath(name)).then(
    () => true,
    () => false,
  );
}
