import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, lchownSync, mkdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { writeTestContainerConf } from "./test-container-conf";

/**
 * A busybox container that serves something, for the services, forwards and
 * fixed-address tests, their e2e spec and benchmarks: busybox `httpd` on TCP
 * 80 with a page of its own, and netcat listening on UDP 5353. Busybox's own
 * nc has no UDP (busybox-static's build), so the host's netcat-openbsd
 * (scripts/setup-host.sh --test) is copied into the rootfs with the libraries
 * ldd names, as /usr/bin/nc: a real `nc -l -u` inside the container.
 */

export const PAGE = "served-by-the-test-container";
export const UDP_PORT = 5353;

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });

/** lxc-* arguments naming the container, on `lxcpath` when given. */
export function target(name: string, lxcpath?: string): string[] {
  return [...(lxcpath ? ["-P", lxcpath] : []), "-n", name];
}

/**
 * How the lxc tools are run for the container: as root by default, or as a
 * regular user (NonRootUser.lxcAsUser, which adds the user's -P itself).
 */
export type LxcRunner = (tool: string, args: string[]) => string;

function rootRunner(lxcpath?: string): LxcRunner {
  return (tool, args) => run(tool, [...(lxcpath ? ["-P", lxcpath] : []), ...args]);
}

/**
 * Copies a host program and the shared libraries it loads into a rootfs, at
 * `as` (same paths for the libraries), owned by the container's root as if
 * installed inside: a file of an unmapped owner makes the kernel mark the
 * process undumpable to the container's owner, and a directory of one cannot
 * be removed by lxc-destroy as a regular user.
 */
export function installHostProgram(rootfs: string, program: string, as: string): void {
  const owner = statSync(rootfs);
  const libraries = [...run("ldd", [program]).matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
  for (const file of [...libraries, program]) {
    const into = path.join(rootfs, file === program ? as : file);
    mkdirSync(path.dirname(into), { recursive: true });
    // A symlink on the way (an absolute one resolves on the host) must not lead the copy out of the rootfs.
    if (!realpathSync(path.dirname(into)).startsWith(`${realpathSync(rootfs)}/`)) throw new Error(`${into} leads out of ${rootfs}`);
    if (!existsSync(into)) copyFileSync(file, into);
    chmodSync(into, 0o755);
    for (let p = into; p.startsWith(`${rootfs}/`); p = path.dirname(p)) lchownSync(p, owner.uid, owner.gid);
  }
}

/** The container's first IPv4 address, waiting up to 30 s for DHCP. */
export async function waitForAddress(name: string, lxcpath?: string, timeoutMs = 30_000, lxc: LxcRunner = rootRunner(lxcpath)): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const address = lxc("lxc-info", ["-n", name, "-iH"]).split("\n").find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a.trim()));
    if (address) return address.trim();
    if (Date.now() > deadline) throw new Error(`${name} got no IPv4 address within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Creates (unprivileged, veth on lxcbr0) and starts the container; resolves
 * with its address once it has one. With `lxc` (a regular user's runner) it
 * is made with the user's own default.conf, in the user's lxcpath.
 */
export async function createServingContainer(name: string, lxcpath?: string, lxc?: LxcRunner): Promise<string> {
  if (lxc) lxc("lxc-create", ["-n", name, "-t", "busybox"]);
  else {
    const conf = writeTestContainerConf("lxcd-serving-");
    try {
      run("lxc-create", [...target(name, lxcpath), "-t", "busybox", "-f", conf.path]);
    } finally {
      conf.remove();
    }
  }
  const rootfs = path.join(lxcpath ?? "/var/lib/lxc", name, "rootfs");
  installHostProgram(rootfs, "/usr/bin/nc.openbsd", "/usr/bin/nc");
  return startServing(name, lxcpath, lxc);
}

/** Starts the container (when stopped) and its two servers; resolves with its address. */
export async function startServing(name: string, lxcpath?: string, lxc: LxcRunner = rootRunner(lxcpath)): Promise<string> {
  if (!lxc("lxc-info", ["-n", name, "-sH"]).includes("RUNNING")) lxc("lxc-start", ["-n", name, "-d"]);
  const address = await waitForAddress(name, lxcpath, 30_000, lxc);
  // Every fd of the background servers goes to /dev/null, or lxc-attach would wait on its pipes.
  lxc("lxc-attach", [
    "-n",
    name,
    "--clear-env",
    "--",
    "/bin/sh",
    "-c",
    `mkdir -p /www && echo ${PAGE} > /www/index.html && httpd -p 80 -h /www && (/usr/bin/nc -d -l -u ${UDP_PORT} </dev/null >/dev/null 2>&1 &)`,
  ]);
  return address;
}

/** Stops (hard) and destroys the container; quiet when it is already gone. */
export function removeServingContainer(name: string, lxcpath?: string): void {
  for (const argv of [["lxc-stop", ...target(name, lxcpath), "-k"], ["lxc-destroy", ...target(name, lxcpath), "-f"]]) {
    try {
      execFileSync(argv[0]!, argv.slice(1), { stdio: "ignore" });
    } catch {
      // already stopped, or already gone
    }
  }
}
