import { bridgeRouted, bridgeUp, linkBridge, lxcNetFacts, LXC_NET_BRIDGE, type LxcNetFacts } from "../host/lxc-net-facts";
import { shownAddresses, type BridgeFact, type HostNetwork, type ShownAddresses } from "./address-note";

/**
 * The network side of the live state: each running container's host-side
 * links (from lxc-info, per init PID) and, once per round, lxc-net's bridge
 * and DHCP, so a row can say "no address" and why when the host's network
 * is the reason. Reads /sys and /proc only.
 */
export class ContainerNetwork {
  private links = new Map<string, { pid: number; links: string[] }>();
  private asked = new Map<string, number>();
  private bridges = new Map<string, BridgeFact>();
  private facts: LxcNetFacts | null = null;

  constructor(private readonly lxcNetBridge = LXC_NET_BRIDGE) {}

  setLinks(name: string, pid: number | null, links: string[]): void {
    if (pid === null) this.forget(name);
    else this.links.set(name, { pid, links });
  }

  forget(name: string): void {
    this.links.delete(name);
    this.asked.delete(name);
  }

  /** Reads lxc-net's bridge and DHCP again (a new round); true when they changed since the last round. */
  async look(): Promise<boolean> {
    const before = this.facts;
    this.facts = await lxcNetFacts(this.lxcNetBridge);
    this.bridges = new Map([[this.lxcNetBridge, { up: this.facts.up, routed: this.facts.routed }]]);
    return before === null || signature(before) !== signature(this.facts);
  }

  /** lxc-net's bridge is down, unrouted or without its DHCP: rows may need a note. */
  troubled(): boolean {
    const f = this.facts;
    return f !== null && (f.up !== true || !f.routed || f.dnsmasqPid === null);
  }

  /**
   * Whether the store should ask lxc-info for this container's links now:
   * only while lxc-net is troubled (a rare moment), once per init PID, for a
   * container that was already running when the dashboard started.
   */
  wantsLinks(name: string, pid: number): boolean {
    if (!this.troubled() || this.links.get(name)?.pid === pid || this.asked.get(name) === pid) return false;
    this.asked.set(name, pid);
    return true;
  }

  /** The addresses a running container shows, and the note when the host's network hides them. */
  async shown(name: string, pid: number, addresses: { ipv4: string[]; ipv6: string[] }): Promise<ShownAddresses> {
    const known = this.links.get(name);
    if (!this.facts || !known || known.pid !== pid) return { ipv4: addresses.ipv4, ipv6: addresses.ipv6 };
    const links = await Promise.all(known.links.map(async (link) => ({ link, bridge: await linkBridge(link) })));
    for (const { bridge } of links) {
      if (typeof bridge === "string" && !this.bridges.has(bridge)) {
        const [up, routed] = await Promise.all([bridgeUp(bridge), bridgeRouted(bridge)]);
        this.bridges.set(bridge, { up, routed });
      }
    }
    const net: HostNetwork = { lxcNetBridge: this.lxcNetBridge, bridges: this.bridges, dhcpRunning: this.facts.dnsmasqPid !== null };
    return shownAddresses(addresses, links, net);
  }
}

const signature = (f: LxcNetFacts): string => `${f.up}|${f.routed}|${f.dnsmasqPid}`;
