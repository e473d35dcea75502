import { readFile, readlink } from "node:fs/promises";
import path from "node:path";

/**
 * What lxc-net's bridge and DHCP look like right now, from /sys, /proc and
 * lxc-net's pid file: a few small reads, no process spawned, so the live
 * state can look every few seconds (the Host page's check and the rows'
 * "no address" notes both read them).
 */

/** lxc-net's bridge (LXC_BRIDGE in /etc/default/lxc-net; lxcbr0 unless changed there). */
export const LXC_NET_BRIDGE = "lxcbr0";
export const DNSMASQ_PID_FILE = "/run/lxc/dnsmasq.pid";
/** Where distributions put the lxc-net script when systemd does not run it (Debian 12: libexec). */
export const LXC_NET_PATHS = ["/usr/libexec/lxc/lxc-net", "/usr/lib/x86_64-linux-gnu/lxc/lxc-net", "/usr/lib/lxc/lxc-net"];

const IFF_UP = 0x1;

/** Whether `bridge` is up; null when there is no such interface. */
export async function bridgeUp(bridge: string): Promise<boolean | null> {
  const flags = await readFile(`/sys/class/net/${bridge}/flags`, "utf8").catch(() => null);
  return flags === null ? null : (parseInt(flags, 16) & IFF_UP) !== 0;
}

/** Whether the host has a route out through `bridge` (it is up and has an IPv4 address): the host can reach what is on it. */
export function routedVia(routeTable: string, bridge: string): boolean {
  return routeTable.split("\n").some((line) => line.split("\t")[0] === bridge);
}

export async function bridgeRouted(bridge: string): Promise<boolean> {
  return routedVia(await readFile("/proc/net/route", "utf8").catch(() => ""), bridge);
}

/** The pid of lxc-net's dnsmasq when it is alive (and is still a dnsmasq, not a recycled pid). */
export async function dnsmasqPid(pidFile = DNSMASQ_PID_FILE): Promise<number | null> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const comm = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim();
  return comm === "dnsmasq" ? pid : null;
}

/**
 * The bridge a host interface (a container's veth) is attached to: its
 * name, null when it is on none, undefined when the interface is gone or
 * cannot be read (nothing to say about it).
 */
export async function linkBridge(link: string): Promise<string | null | undefined> {
  try {
    return path.basename(await readlink(`/sys/class/net/${link}/master`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  }
  return (await readFile(`/sys/class/net/${link}/ifindex`, "utf8").then(() => true, () => false)) ? null : undefined;
}

/** lxc-net's bridge and DHCP in one reading. */
export interface LxcNetFacts {
  bridge: string;
  /** null: no such interface. */
  up: boolean | null;
  routed: boolean;
  dnsmasqPid: number | null;
}

export async function lxcNetFacts(bridge = LXC_NET_BRIDGE): Promise<LxcNetFacts> {
  const [up, routed, pid] = await Promise.all([bridgeUp(bridge), bridgeRouted(bridge), dnsmasqPid()]);
  return { bridge, up, routed, dnsmasqPid: pid };
}
