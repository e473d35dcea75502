import { readdirSync } from "node:fs";
import { readProcText } from "../processes/procfs/proc-files";
import { available, unavailable, type Reading } from "../cgroups";
import { mirrorDistance, parseInterfaceIndexes, parseNetDev, swapToPeerView } from "./parse-net";
import type { NetCounters } from "./types";

const SYS_NET = "/sys/class/net";

/** A host interface that is one end of a pair (veth): its own index and its peer's (iflink). */
interface HostLink {
  name: string;
  ifindex: number;
  iflink: number;
}

function readNumber(file: string): number | null {
  const text = readProcText(file, 64);
  return text === null || !/^\d+\s*$/.test(text) ? null : Number(text);
}

function hostLinks(): HostLink[] {
  const links: HostLink[] = [];
  for (const name of readdirSync(SYS_NET)) {
    const ifindex = readNumber(`${SYS_NET}/${name}/ifindex`);
    const iflink = readNumber(`${SYS_NET}/${name}/iflink`);
    if (ifindex !== null && iflink !== null && ifindex !== iflink) links.push({ name, ifindex, iflink });
  }
  return links;
}

/**
 * Each container interface's host-side veth, found through the kernel alone:
 * the veth's iflink is the index of its peer inside the container, and the
 * container's indexes are in /proc/PID/net. Indexes are per namespace, so
 * two containers' eth0 are often both index 2: then the veth whose counters
 * mirror the container interface's wins (a veth pair's two ends count the
 * same packets, swapped). The container's own /sys, where mounted, names
 * the peer exactly and is asked first. null: no host peer (e.g. macvlan),
 * read inside.
 */
function resolvePeers(initPid: number, inside: Map<string, NetCounters>, host: Map<string, NetCounters>, links: HostLink[]): Map<string, string | null> {
  const net = `/proc/${initPid}/net`;
  const indexes = parseInterfaceIndexes(readProcText(`${net}/igmp`) ?? "", readProcText(`${net}/dev_mcast`) ?? "", readProcText(`${net}/if_inet6`) ?? "");
  const peers = new Map<string, string | null>();
  for (const [name, counters] of inside) {
    // Exact: the container's own sysfs (mounted in its network namespace) gives
    // its interface's iflink, the host veth's index, unique on the host. Idle
    // containers made alike have identical counters, so mirroring alone can
    // pick another container's veth.
    const peerIndex = readNumber(`/proc/${initPid}/root/sys/class/net/${name}/iflink`);
    const exact = peerIndex === null ? undefined : links.find((l) => l.ifindex === peerIndex && host.has(l.name));
    if (exact) {
      peers.set(name, exact.name);
      continue;
    }
    const index = indexes.get(name);
    const candidates = links.filter((l) => l.iflink === index && host.has(l.name));
    candidates.sort((a, b) => mirrorDistance(host.get(a.name)!, counters) - mirrorDistance(host.get(b.name)!, counters));
    peers.set(name, candidates[0]?.name ?? null);
  }
  return peers;
}

/**
function sameNames(peers: ReadonlyMap<string, unknown>, inside: ReadonlyMap<string, unknown> | null): boolean {
  if (inside === null) return true; // gone: the next listing drops it
  if (peers.size !== inside.size) return false;
  for (const name of inside.keys()) if (!peers.has(name)) return false;
  return true;
}

/** Whether a container's interfaces are still those it was worked out for. */
function sameNames(peers: ReadonlyMap<string, unknown>, inside: ReadonlyMap<string, unknown> | null): boolean {
  if (inside === null) return true; // gone: the next listing drops it
  if (peers.size !== inside.size) return false;
  for (const name of inside.keys()) if (!peers.has(name)) return false;
  return true;
}

/**
 * Network counters of running containers, per interface, from the host side
 * of each veth (rx/tx turned to the container's view), one /proc/net/dev read
 * for all of them per round. Which veth belongs to which container is worked
 * out once per init PID, and again when its host end vanishes or, after the
 * host's set of interfaces changed, the container's own set differs: an
 * interface added to a running container (`lxc-device add`, a veth moved
 * into its namespace) shows on the host as a new end.
 */
export class ContainerNetReader {
  private peers = new Map<number, Map<string, string | null>>();
  private host = new Map<string, NetCounters>();
  private hostNames: string | null = null;
  private hostChanged = false;
  private links: HostLink[] | null = null;

  /** Reads the host's interfaces once for the round that follows. */
  beginRound(): void {
    this.host = parseNetDev(readProcText("/proc/net/dev", 256 * 1024) ?? "");
    this.links = null;
    const names = [...this.host.keys()].sort().join(" ");
    // Interfaces came or went on the host: each container's own list is looked at again this round.
    this.hostChanged = this.hostNames !== null && names !== this.hostNames;
    this.hostNames = names;
  }

  read(initPid: number): Reading<Map<string, NetCounters>> {
    let peers = this.peers.get(initPid);
    let inside: Map<string, NetCounters> | null = null;
    const readInside = (): Map<string, NetCounters> | null => {
      if (inside) return inside;
      const text = readProcText(`/proc/${initPid}/net/dev`);
      if (text === null) return null;
      inside = parseNetDev(text);
      inside.delete("lo");
      return inside;
    };
    const vanished = peers !== undefined && [...peers.values()].some((hostName) => hostName !== null && !this.host.has(hostName));
    // After a change on the host, only a container whose own interfaces differ is worked out again (a busy host changes often).
    const added = peers !== undefined && !vanished && this.hostChanged && !sameNames(peers, readInside());
    if (!peers || vanished || added) {
      if (!readInside()) return unavailable("its network namespace is gone (the container stopped)");
      this.links ??= hostLinks();
      peers = resolvePeers(initPid, inside!, this.host, this.links);
      this.peers.set(initPid, peers);
    }
    const result = new Map<string, NetCounters>();
    for (const [name, hostName] of peers) {
      const hostSide = hostName === null ? undefined : this.host.get(hostName);
      if (hostSide) {
        result.set(name, swapToPeerView(hostSide));
        continue;
      }
      const own = readInside()?.get(name);
      if (own) result.set(name, own);
    }
    return available(result);
  }

  /** Forgets containers no longer running. */
  retain(initPids: ReadonlySet<number>): void {
    for (const pid of this.peers.keys()) if (!initPids.has(pid)) this.peers.delete(pid);
  }

  /** Which host interface carries each of the container's interfaces (for /metrics labels and tests). */
  peersOf(initPid: number): ReadonlyMap<string, string | null> | undefined {
    return this.peers.get(initPid);
  }
}
