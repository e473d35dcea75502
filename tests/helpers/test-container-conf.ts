import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The config (`lxc-create -f`) of the busybox containers that tests, e2e specs
 * and benchmarks make behind the dashboard's back, so that all of them map the
 * same ids. This host gives root the subordinate ids 100000-165535
 * (/etc/subuid, /etc/subgid): an unprivileged container's root is host uid
 * SUBORDINATE_BASE.
 */
export const SUBORDINATE_BASE = 100000;

/**
 * A veth on lxcbr0 (an address by DHCP) unless `network` is false (none) or
 * "unbridged" (a veth whose host end is on no bridge: counters to read, no
 * lease taken from lxcbr0's pool, which everyone's tests share), and root's
 * subordinate ids mapped unless `unprivileged` is false.
 */
export function testContainerConf({ unprivileged = true, network = true as boolean | "unbridged" } = {}): string {
  return [
    ...(network === "unbridged" ? ["lxc.net.0.type = veth", "lxc.net.0.flags = up"] : network ? ["lxc.net.0.type = veth", "lxc.net.0.link = lxcbr0", "lxc.net.0.flags = up"] : []),
    ...(unprivileged ? [`lxc.idmap = u 0 ${SUBORDINATE_BASE} 65536`, `lxc.idmap = g 0 ${SUBORDINATE_BASE} 65536`] : []),
    "",
  ].join("\n");
}

/** The unprivileged config in a file of a new temporary directory named `prefix…`; `remove` deletes the directory. */
export function writeTestContainerConf(prefix: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, "unprivileged.conf");
  writeFileSync(file, testContainerConf());
  return { path: file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
