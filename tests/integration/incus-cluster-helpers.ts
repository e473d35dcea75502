import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A two-member Incus cluster on this machine, for tests: each member an
 * incusd of its own (INCUS_DIR: its own database, socket, storage, logs) in
 * its own network namespace and, through `ip netns exec`, its own mount
 * namespace; the namespaces joined by veths to a bridge of the test's own in
 * 10.98.N.0/24 (never lxcbr0's or incusbr0's), so this machine reaches each
 * member's HTTPS address. `destroy` stops the daemons and removes the
 * namespaces, the bridge and every file: the host is left as it was.
 */
export interface TestCluster {
  subnet: string;
  members: { name: string; dir: string; netns: string; address: string }[];
  /** `incus` against member `i`'s socket. */
  incus(i: number, ...args: string[]): string;
  destroy(): void;
}

function run(file: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync(file, args, { encoding: "utf8", timeout: 180_000, env: { ...process.env, ...env }, input, stdio: ["pipe", "pipe", "pipe"] });
}

function quietly(fn: () => unknown): void {
  try {
    fn();
  } catch {
    // Already gone.
  }
}

export async function makeTestCluster(imageDir: string): Promise<TestCluster> {
  const tag = randomBytes(2).toString("hex");
  const n = 2 + (parseInt(tag, 16) % 240);
  const subnet = `10.98.${n}`;
  const base = mkdtempSync(path.join(tmpdir(), "lxcd-cluster-"));
  // mkdtemp's 0700 would stop an unprivileged container's root from reaching its rootfs below (lxc: "Could not access").
  chmodSync(base, 0o711);
  const bridge = `lxcdc${tag}`;
  const members = [1, 2].map((i) => ({ name: `m${i}`, dir: path.join(base, `m${i}`), netns: `lxcd-c${tag}-m${i}`, address: `${subnet}.${i}` }));
  const incus = (i: number, ...args: string[]) => run("incus", args, { INCUS_DIR: members[i]!.dir });
  const cluster: TestCluster = {
    subnet,
    members,
    incus,
    destroy() {
      for (const m of [...members].reverse()) {
        quietly(() => run("incus", ["admin", "shutdown", "--force", "--timeout", "20"], { INCUS_DIR: m.dir }));
        // Anything still running in the namespace (the daemon, a dnsmasq) is ours: ended by its PID.
        quietly(() => {
          for (const pid of run("ip", ["netns", "pids", m.netns]).split(/\s+/).filter(Boolean)) quietly(() => process.kill(Number(pid), "SIGKILL"));
        });
        // The host end of its veth, explicitly: left to the namespace's end, m1's stayed (and kept its namespace alive).
        quietly(() => run("ip", ["link", "del", `${bridge}${m.name}`]));
        quietly(() => run("ip", ["netns", "del", m.netns]));
      }
      quietly(() => run("ip", ["link", "del", bridge]));
      rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    run("ip", ["link", "add", bridge, "type", "bridge"]);
    run("ip", ["addr", "add", `${subnet}.254/24`, "dev", bridge]);
    run("ip", ["link", "set", bridge, "up"]);
    for (const m of members) {
      run("mkdir", ["-p", m.dir]);
      run("ip", ["netns", "add", m.netns]);
      const veth = `${bridge}${m.name}`;
      run("ip", ["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", m.netns]);
      run("ip", ["link", "set", veth, "master", bridge, "up"]);
      run("ip", ["-n", m.netns, "addr", "add", `${m.address}/24`, "dev", "eth0"]);
      run("ip", ["-n", m.netns, "link", "set", "eth0", "up"]);
      run("ip", ["-n", m.netns, "link", "set", "lo", "up"]);
      // `ip netns exec` gives the daemon its own mount namespace too; setsid, so it is no child of the test's group.
      spawn("ip", ["netns", "exec", m.netns, "setsid", "/usr/libexec/incus/incusd", "--group", "root"], {
        env: { ...process.env, INCUS_DIR: m.dir },
        stdio: "ignore",
        detached: true,
      }).unref();
    }
    for (const m of members) run("incus", ["admin", "waitready", "--timeout", "60"], { INCUS_DIR: m.dir });
    const first = members[0]!;
    run("incus", ["admin", "init", "--preseed"], { INCUS_DIR: first.dir }, bootstrapPreseed(first.name, `${first.address}:8443`));
    const token = incus(0, "cluster", "add", members[1]!.name, "--quiet").trim().split("\n").at(-1)!;
    run("incus", ["admin", "init", "--preseed"], { INCUS_DIR: members[1]!.dir }, joinPreseed(members[1]!.name, `${members[1]!.address}:8443`, token));
    incus(0, "image", "import", path.join(imageDir, "meta.tar.gz"), path.join(imageDir, "rootfs.tar.gz"), "--alias", "busybox");
    return cluster;
  } catch (err) {
    cluster.destroy();
    throw err;
  }
}

function bootstrapPreseed(name: string, address: string): string {
  return [
    "config:",
    `  core.https_address: ${address}`,
    "cluster:",
    `  server_name: ${name}`,
    "  enabled: true",
    "storage_pools:",
    "- name: default",
    "  driver: dir",
    "profiles:",
    "- name: default",
    "  devices:",
    "    root: {path: /, pool: default, type: disk}",
    "",
  ].join("\n");
}

function joinPreseed(name: string, address: string, token: string): string {
  return [
    "cluster:",
    "  enabled: true",
    `  server_name: ${name}`,
    `  server_address: ${address}`,
    `  cluster_token: ${token}`,
    "  member_config:",
    "  - entity: storage-pool",
    "    name: default",
    "    key: source",
    '    value: ""',
    "",
  ].join("\n");
}
