import { readFile } from "node:fs/promises";
import { applyConfigEdits, replaceConfigFile } from "./config-file";
import { withContainerLock } from "./container-lock";
import { ContainerNotFound } from "./errors";
import { containerConfigPath } from "./lxc-path";
import { validContainerName } from "./validate-name";

/**
 * Sets lxc.start.auto in the container's config file (one line, where the
 * first one was, or at the end). Returns what was written where, for the
 * audit log.
 */
export async function setAutostart(name: string, on: boolean): Promise<{ configPath: string; line: string }> {
  validContainerName(name);
  const configPath = containerConfigPath(name);
  const value = on ? "1" : "0";
  return withContainerLock(name, on ? "enabling autostart" : "disabling autostart", async () => {
    const text = await readFile(configPath, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw err.code === "ENOENT" ? new ContainerNotFound(name) : err;
    });
    await replaceConfigFile(configPath, applyConfigEdits(text, [{ key: "lxc.start.auto", value }]));
    return { configPath, line: `lxc.start.auto = ${value}` };
  });
}
