import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { rawRequest } from "./raw-http";

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the extra server exited (${child.exitCode}):\n${output()}`);
    try {
      await rawRequest(`${baseURL}/login`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`the extra server did not answer within a minute:\n${output()}`);
}

/** `env` adds to (or overrides) the environment the server starts with. */
export async function startExtraServer(env: Record<string, string> = {}): Promise<ExtraServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-e2e-extra-"));
  let output = "";
  // Its own process group, so stopping it also stops what npm started.
  const child = spawn("npm", ["start"], {
    cwd: path.join(import.meta.dirname, ".."),
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(baseURL, child, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseURL, dataDir, stop };
}
