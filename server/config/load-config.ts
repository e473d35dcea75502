import { readFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../database-url";
import { ConfigError, parseConfig, type DashboardConfig } from "./config-schema";

export { ConfigError, type DashboardConfig } from "./config-schema";

let cached: DashboardConfig | undefined;

/**
 * The validated config from the environment and DATA_DIR/config.json
 * (environment wins). Parsed once; the server calls it at start so a bad value
 * stops it with ConfigError's one-line message.
 */
export function loadConfig(): DashboardConfig {
  cached ??= parseConfig({ env: process.env, file: readConfigFile(dataDir()), dataDir: dataDir() });
  return cached;
}

function readConfigFile(dir: string): Record<string, unknown> | null {
  const file = path.join(dir, "config.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigError(`config.json: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config.json: not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('config.json: expected an object of settings, e.g. {"PORT": 3000}');
  }
  return parsed as Record<string, unknown>;
}
