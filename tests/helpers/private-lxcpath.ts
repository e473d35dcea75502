import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testContainerConf } from "./test-container-conf";

/**
 * Busybox containers in an lxcpath of their own (a temporary directory), so
 * that a test counting or sampling "every running container" sees only its
 * own and never another developer's. `remove()` stops and destroys them all
 * and deletes the directory.
 */
export interface PrivateLxcpath {
  lxcpath: string;
  /** Creates an unprivileged busybox container with a veth (on lxcbr0 unless the lxcpath was made otherwise); `extra` config lines (a memory limit, say). */
  create(area: string, extra?: string[]): string;
  start(name: string): number;
  stop(name: string): void;
  initPid(name: string): number | null;
  /** Runs a command inside (lxc-attach --clear-env). */
  attach(name: string, ...command: string[]): string;
  remove(): void;
}

const tool = (file: string, args: string[]) => execFileSync(file, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });

/** The config line that limits a container's memory: cgroup v1's memory controller on a hybrid host, else v2's memory.max. */
export function memoryLimitLine(bytes: number): string {
  const v1Memory = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .some((l) => / - cgroup \S+ \S*\bmemory\b/.test(l));
  return v1Memory ? `lxc.cgroup.memory.limit_in_bytes = ${bytes}` : `lxc.cgroup2.memory.max = ${bytes}`;
}

export function makePrivateLxcpath(prefix: string, options: { network?: boolean | "unbridged" } = {}): PrivateLxcpath {
  const lxcpath = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  // Unprivileged containers' roots (uid 100000) must reach their rootfs through it.
  chmodSync(lxcpath, 0o755);
  const made: string[] = [];
  const lxc = (t: string, ...args: string[]) => tool(t, ["-P", lxcpath, ...args]);
  return {
    lxcpath,
    create(area, extra = []) {
      const name = `t-${area}-${randomBytes(3).toString("hex")}`;
      const conf = path.join(lxcpath, `${name}.conf`);
      writeFileSync(conf, testContainerConf({ network: options.network ?? true }) + extra.join("\n") + "\n");
      made.push(name);
      lxc("lxc-create", "-n", name, "-t", "busybox", "-f", conf);
      return name;
    },
    start(name) {
      lxc("lxc-start", "-n", name, "-d");
      lxc("lxc-wait", "-n", name, "-s", "RUNNING", "-t", "30");
      return Number(lxc("lxc-info", "-n", name, "-pH").trim());
    },
    stop(name) {
      lxc("lxc-stop", "-n", name, "-k");
    },
    initPid(name) {
      const out = lxc("lxc-info", "-n", name, "-pH").trim();
      return /^\d+$/.test(out) ? Number(out) : null;
    },
    attach(name, ...command) {
      return lxc("lxc-attach", "-n", name, "--clear-env", "--", ...command);
    },
    remove() {
      for (const name of made) {
        for (const argv of [["lxc-stop", "-n", name, "-k"], ["lxc-destroy", "-n", name, "-f"]]) {
          try {
            lxc(argv[0]!, ...argv.slice(1));
          } catch {
            // not running / already gone
          }
        }
      }
      rmSync(lxcpath, { recursive: true, force: true });
    },
  };
}
