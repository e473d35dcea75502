import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/** Helpers for the lxc integration tests: unique names, the lxc tools run straight and a cleanup that does not depend on the adapter. */

export function uniqueName(area: string): string {
  return `t-lxc-${area}-${randomBytes(4).toString("hex")}`;
}

/** Runs a tool (an lxc one, say) and returns its output; it throws with the tool's stderr when the tool fails. */
export function run(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
}

/** lxc-stop -k then lxc-destroy with its snapshots (-s), ignoring "not running" / "doesn't exist". */
export function removeContainer(name: string): void {
  for (const argv of [["lxc-stop", "-n", name, "-k"], ["lxc-destroy", "-n", name, "-f", "-s"]]) {
    try {
      execFileSync(argv[0]!, argv.slice(1), { stdio: "ignore" });
    } catch {
      // Already stopped or already gone.
    }
  }
}

/**
 * For a test file of the adapter: a temporary DATA_DIR (set in beforeAll; the
 * adapter writes its unprivileged base config there) and `made`, the
 * containers the file created. afterAll removes both, even when a test failed.
 * Call at the file's top level.
 */
export function useAdapterSandbox(): { dataDir: string; made: string[] } {
  const sandbox = { dataDir: "", made: [] as string[] };
  beforeAll(async () => {
    sandbox.dataDir = await mkdtemp(path.join(tmpdir(), "lxc-int-data-"));
    process.env.DATA_DIR = sandbox.dataDir;
  });
  afterAll(async () => {
    sandbox.made.forEach(removeContainer);
    if (sandbox.dataDir) await rm(sandbox.dataDir, { recursive: true, force: true });
  });
  return sandbox;
}

/** Polls `probe` until it returns a value other than undefined, or gives up after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
