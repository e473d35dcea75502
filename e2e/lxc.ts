import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeTestContainerConf } from "../tests/helpers/test-container-conf";

/**
 * Test containers made straight with the lxc tools, behind the dashboard's
 * back, for specs that need one to exist. Names are unique per run; call
 * `removeContainer` in afterAll/finally.
 */

export function uniqueName(area: string): string {
  return `e2e-${area}-${randomBytes(3).toString("hex")}`;
}

export function lxc(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** An unprivileged busybox container (uid 0 inside = 100000 on the host), veth on lxcbr0. */
export function createUnprivileged(name: string, { start = false } = {}): void {
  const conf = writeTestContainerConf("lxcd-e2e-conf-");
  try {
    lxc("lxc-create", ["-n", name, "-t", "busybox", "-f", conf.path]);
  } finally {
    conf.remove();
  }
  if (start) lxc("lxc-start", ["-n", name, "-d"]);
}

export function containerExists(name: string): boolean {
  return lxc("lxc-ls", ["-1"]).split(/\s+/).includes(name);
}

/** Stops (hard) and destroys, with its snapshots (-s); quiet when it is already gone. */
export function removeContainer(name: string): void {
  if (!containerExists(name)) return;
  try {
    lxc("lxc-stop", ["-n", name, "-k"]);
  } catch {
    // already stopped
  }
  lxc("lxc-destroy", ["-n", name, "-s"]);
}

/** Runs a command inside a running container as root. */
export function attach(name: string, command: string[]): string {
  return lxc("lxc-attach", ["-n", name, "--clear-env", "--", ...command]);
}
