import { randomBytes } from "node:crypto";
import { chown, rename, stat, unlink, writeFile } from "node:fs/promises";

/**
 * Edits of a container's config file: key by key, never raw text from the
 * browser, and written so that a crash never leaves half a config.
 */

/** One key's new line, or null to remove every line of it. */
export interface ConfigEdit {
  key: string;
  value: string | null;
}

function keyPattern(key: string): RegExp {
  return new RegExp(`^\\s*${key.replaceAll(".", "\\.")}\\s*=`);
}

/**
 * The config text with each edit made: a key's first line is replaced and its
 * other lines dropped (or all removed for null); a key not there yet is
 * appended at the end. Every other line, comments included, stays as it was.
 */
export function applyConfigEdits(configText: string, edits: readonly ConfigEdit[]): string {
  let lines = configText === "" ? [] : configText.replace(/\n$/, "").split("\n");
  for (const { key, value } of edits) {
    const pattern = keyPattern(key);
    const first = lines.findIndex((l) => pattern.test(l));
    const line = `${key} = ${value}`;
    if (first < 0) {
      if (value !== null) lines.push(line);
      continue;
    }
    lines = lines.flatMap((l, i) => (i === first && value !== null ? [line] : pattern.test(l) ? [] : [l]));
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * Replaces the file with `text`: written to a temporary file beside it (same
 * mode and, as root, same owner — a user's container config must stay theirs)
 * and renamed over it.
 */
export async function replaceConfigFile(configPath: string, text: string): Promise<void> {
  const info = await stat(configPath);
  const temporary = `${configPath}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { mode: info.mode & 0o777, flag: "wx" });
    if (process.getuid?.() === 0) await chown(temporary, info.uid, info.gid);
    await rename(temporary, configPath);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}
