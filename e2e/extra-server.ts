import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, startServerProcess } from "./server-process";

/**
 * A second dashboard server from the same production build, on a free
 * loopback port with an empty data directory of its own: for what only a
 * fresh install shows (the first-run setup) without touching the shared
 * e2e server, where the admin already exists.
 */
export interface ExtraServer {
  baseURL: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/** `env` adds to (or overrides) the environment the server starts with. */
export async function startExtraServer(env: Record<string, string> = {}): Promise<ExtraServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-e2e-extra-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const server = await startServerProcess("the extra server", port, "scripts/start.sh", [], {
      cwd: path.join(import.meta.dirname, ".."),
      // No autostart and forwards of its own: see playwright.config.ts.
      env: { ...process.env, AUTOSTART: "off", NFT_TABLE: `lxcd_e2e_${port}`, ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production" },
    });
    const stop = async () => {
      await server.stop();
      removeDataDir();
    };
    return { baseURL: server.baseURL, dataDir, stop };
  } catch (e) {
    removeDataDir();
    throw e;
  }
}
