/**
 * What a running container's addresses look like from the host, given the
 * state of the bridges its veths are on: an address behind a bridge that is
 * down (lxc-net stopped) or a veth on no bridge cannot be reached, so the
 * list shows none and says why in one sentence. Pure: the facts are read
 * elsewhere (server/host/lxc-net-facts.ts).
 */

export interface LinkFact {
  /** The host end of the container's veth (lxc-info's "Link:"). */
  link: string;
  /** The bridge it is on; null: none; undefined: unknown (gone, unreadable). */
  bridge: string | null | undefined;
}

export interface BridgeFact {
  /** null: no such interface. */
  up: boolean | null;
  /** The host has a route through it (up, with an IPv4 address). */
  routed: boolean;
}

export interface HostNetwork {
  /** lxc-net's bridge: the one whose address and DHCP lxc-net provides. */
  lxcNetBridge: string;
  bridges: ReadonlyMap<string, BridgeFact>;
  /** Whether lxc-net's dnsmasq is running. */
  dhcpRunning: boolean;
}

export interface ShownAddresses {
  ipv4: string[];
  ipv6: string[];
  addressNote?: string;
}

const none = (addressNote: string): ShownAddresses => ({ ipv4: [], ipv6: [], addressNote });

export function shownAddresses(addresses: { ipv4: string[]; ipv6: string[] }, links: readonly LinkFact[], net: HostNetwork): ShownAddresses {
  for (const { link, bridge } of links) {
    if (bridge === null) {
      return none(`no address: its network link ${link} is on no bridge any more (the bridge was removed while it ran); restart the container to attach it again`);
    }
    if (bridge === undefined) continue;
    const fact = net.bridges.get(bridge);
    if (!fact) continue;
    if (bridge === net.lxcNetBridge && (fact.up !== true || !fact.routed)) {
      return none(`no address: ${bridge} is down and has no address (lxc-net is not running), so the host cannot reach it; it can again once lxc-net starts`);
    }
    // Another bridge may carry no host address on purpose (containers on the LAN): only its being down says something.
    if (fact.up === false) return none(`no address: its bridge ${bridge} is down, so the host cannot reach it`);
  }
  const onLxcNet = links.some((l) => l.bridge === net.lxcNetBridge);
  if (addresses.ipv4.length === 0 && onLxcNet && !net.dhcpRunning) {
    return { ...addresses, addressNote: `no address: ${net.lxcNetBridge}'s DHCP (dnsmasq) is not running` };
  }
  return { ipv4: addresses.ipv4, ipv6: addresses.ipv6 };
}
