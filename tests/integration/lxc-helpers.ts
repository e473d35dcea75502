import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/** Helpers for the lxc integration tests: unique names and a cleanup that does not depend on the adapter. */

export function uniqueName(area: string): string {
  return `t-lxc-${area}-${randomBytes(4).toString("hex")}`;
}

/** lxc-stop -k then lxc-destroy, ignoring "not running" / "doesn't exist". */
export function removeContainer(name: string): void {
  for (const argv of [["lxc-stop", "-n", name, "-k"], ["lxc-destroy", "-n", name, "-f"]]) {
    try {
      execFileSync(argv[0]!, argv.slice(1), { stdio: "ignore" });
    } catch {
      // Already stopped or already gone.
    }
  }
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
