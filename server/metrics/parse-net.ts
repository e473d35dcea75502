import type { NetCounters } from "./types";

/**
 * /proc/net/dev (the host's, or /proc/PID/net/dev for a container's network
 * namespace): per interface, as that interface sees it (rx = it received).
 *   "  eth0:    5388      38    0 …" (receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets …)
 */
export function parseNetDev(text: string): Map<string, NetCounters> {
  const interfaces = new Map<string, NetCounters>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === "" || f.length < 16 || f.some((n) => !Number.isFinite(n))) continue;
    interfaces.set(name, { rxBytes: f[0]!, rxPackets: f[1]!, txBytes: f[8]!, txPackets: f[9]! });
  }
  return interfaces;
}

/**
 * Interface indexes inside a network namespace, from the files of its /proc/PID/net that list them:
 * igmp ("2\teth0      :     1      V3"), dev_mcast ("2    eth0   1  0  333300000001"),
 * if_inet6 ("fe80…  02 40 20 80 eth0", index in hex).
 */
export function parseInterfaceIndexes(igmp: string, devMcast: string, ifInet6: string): Map<string, number> {
  const indexes = new Map<string, number>();
  for (const line of igmp.split("\n")) {
    const m = /^(\d+)\s+(\S+)\s*:/.exec(line);
    if (m) indexes.set(m[2]!, Number(m[1]));
  }
  for (const line of devMcast.split("\n")) {
    const m = /^(\d+)\s+(\S+)\s/.exec(line);
    if (m && !indexes.has(m[2]!)) indexes.set(m[2]!, Number(m[1]));
  }
  for (const line of ifInet6.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 6 && /^[0-9a-f]+$/i.test(f[1]!) && !indexes.has(f[5]!)) indexes.set(f[5]!, parseInt(f[1]!, 16));
  }
  return indexes;
}

/** The counters of a host-side veth turned to the container's view: what the host end sent, the container received. */
export function swapToPeerView(host: NetCounters): NetCounters {
  return { rxBytes: host.txBytes, txBytes: host.rxBytes, rxPackets: host.txPackets, txPackets: host.rxPackets };
}

/** How far a host veth's counters are from being the mirror of a container interface's (0: the same counters). */
export function mirrorDistance(host: NetCounters, inside: NetCounters): number {
  const peer = swapToPeerView(host);
  return Math.abs(peer.rxBytes - inside.rxBytes) + Math.abs(peer.txBytes - inside.txBytes);
}
