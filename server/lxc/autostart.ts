import { randomBytes } from "node:crypto";
import { readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { withContainerLock } from "./container-lock";
import { ContainerNotFound } from "./errors";
import { containerConfigPath } from "./lxc-path";
import { validContainerName } from "./validate-name";

const AUTOSTART_KEY = /^\s*lxc\.start\.auto\s*=/;

/** The config text with exactly one `lxc.start.auto` line, where the first one was (or at the end). */
export function withAutostart(configText: string, on: boolean): string {
  const line = `lxc.start.auto = ${on ? 1 : 0}`;
  const lines = configText.split("\n");
  const first = lines.findIndex((l) => AUTOSTART_KEY.test(l));
  if (first < 0) {
    const body = configText === "" || configText.endsWith("\n") ? configText : `${configText}\n`;
    return `${body}${line}\n`;
  }
  return lines
    .map((l, i) => (i === first ? line : l))
    .filter((l, i) => i === first || !AUTOSTART_KEY.test(l))
    .join("\n");
}

/**
 * Sets lxc.start.auto in the container's config file. Written to a temporary
 * file beside it and renamed over it, so a crash never leaves half a config.
 * Returns what was written where, for the audit log.
 */
export async function setAutostart(name: string, on: boolean): Promise<{ configPath: string; line: string }> {
  validContainerName(name);
  const configPath = containerConfigPath(name);
  return withContainerLock(name, on ? "enabling autostart" : "disabling autostart", async () => {
    const [text, info] = await Promise.all([readFile(configPath, "utf8"), stat(configPath)]).catch((err) => {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new ContainerNotFound(name);
      throw err;
    });
    const temporary = `${configPath}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, withAutostart(text, on), { mode: info.mode & 0o777, flag: "wx" });
      await rename(temporary, configPath);
    } catch (err) {
      await unlink(temporary).catch(() => undefined);
      throw err;
    }
    return { configPath, line: `lxc.start.auto = ${on ? 1 : 0}` };
  });
}
