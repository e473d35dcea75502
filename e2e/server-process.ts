import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { rawRequest } from "./raw-http";

/**
 * A dashboard server that a spec or a fixture starts for itself from the
 * production build, beside the shared e2e server: on a free loopback port,
 * in its own process group (so stopping it also stops what runuser
 * started), its output kept to say why when it does not come up.
 */
export interface ServerProcess {
  baseURL: string;
  /** The process started (for a benchmark's memory figures). */
  pid: number;
  output(): string;
  /** Ends the process group and waits for the process to exit; nothing when it already has. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command args` (which must serve on `port` of 127.0.0.1) and resolves
 * once its /login answers; when it exits first or gives no answer within a
 * minute, stops it and throws with its output. `what` names it in that error.
 */
export async function startServerProcess(
  what: string,
  port: number,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ServerProcess> {
  let output = "";
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const server: ServerProcess = {
    baseURL: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) {
      await server.stop();
      throw new Error(`${what} exited (${child.exitCode}):\n${output}`);
    }
    if (await rawRequest(`${server.baseURL}/login`).then(() => true, () => false)) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  await server.stop();
  throw new Error(`${what} did not answer within a minute:\n${output}`);
}
