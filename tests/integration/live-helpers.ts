import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeTestContainerConf } from "../helpers/test-container-conf";

/**
 * A private lxcpath for tests of the live state: nothing anyone else makes
 * on the host shows up in it, and nothing in it disturbs them. `remove`
 * stops and destroys whatever is left in it, then deletes it.
 */
export function privateLxcpath(prefix: string): { path: string; lxc: (tool: string, ...args: string[]) => string; create: (name: string, opts?: { network?: boolean }) => void; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  const lxc = (tool: string, ...args: string[]) =>
    execFileSync(tool, ["-P", dir, ...args], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
  return {
    path: dir,
    lxc,
    create(name) {
      const conf = writeTestContainerConf("lxcd-live-conf-");
      try {
        lxc("lxc-create", "-n", name, "-t", "busybox", "-f", conf.path);
      } finally {
        conf.remove();
      }
    },
    remove() {
      let names: string[] = [];
      try {
        names = lxc("lxc-ls", "-1").split(/\s+/).filter(Boolean);
      } catch {
        // lxc-ls failed: remove the directory anyway.
      }
      for (const n of names) {
        for (const argv of [["lxc-stop", "-n", n, "-k"], ["lxc-destroy", "-n", n, "-f"]]) {
          try {
            lxc(argv[0]!, ...argv.slice(1));
          } catch {
            // already stopped / gone
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `probe` is true, checking every 20 ms; rejects after `timeoutMs` with `what`. */
export async function within(timeoutMs: number, what: string, probe: () => boolean): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (probe()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
