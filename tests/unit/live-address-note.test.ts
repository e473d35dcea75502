import { describe, expect, it } from "vitest";
import { shownAddresses, type BridgeFact, type HostNetwork } from "@/server/live/address-note";
import { routedVia } from "@/server/host/lxc-net-facts";

const addresses = { ipv4: ["10.0.3.17"], ipv6: ["fd42::17"] };
const onLxcbr0 = [{ link: "vethAb12Cd", bridge: "lxcbr0" }];

function net(lxcbr0: BridgeFact | null, dhcpRunning = true, others: Record<string, BridgeFact> = {}): HostNetwork {
  const bridges = new Map<string, BridgeFact>(Object.entries(others));
  if (lxcbr0) bridges.set("lxcbr0", lxcbr0);
  return { lxcNetBridge: "lxcbr0", bridges, dhcpRunning };
}

describe("shownAddresses (a running container's addresses as the host sees them)", () => {
  it("shows the addresses as they are while lxc-net is up", () => {
    expect(shownAddresses(addresses, onLxcbr0, net({ up: true, routed: true }))).toEqual(addresses);
  });

  it("shows none, and says lxc-net is not running, when lxcbr0 is down or has no address", () => {
    for (const fact of [
      { up: false, routed: false },
      { up: true, routed: false },
    ]) {
      const shown = shownAddresses(addresses, onLxcbr0, net(fact, false));
      expect(shown.ipv4).toEqual([]);
      expect(shown.ipv6).toEqual([]);
      expect(shown.addressNote).toMatch(/^no address: lxcbr0 is down .*lxc-net is not running/);
    }
  });

  it("says a veth left on no bridge needs a restart", () => {
    const shown = shownAddresses(addresses, [{ link: "vethAb12Cd", bridge: null }], net(null, false));
    expect(shown).toMatchObject({ ipv4: [], ipv6: [] });
    expect(shown.addressNote).toMatch(/vethAb12Cd is on no bridge.*restart the container/);
  });

  it("on another bridge, only that bridge being down hides the addresses (a LAN bridge has no host address on purpose)", () => {
    const lan = [{ link: "vethLan", bridge: "br0" }];
    expect(shownAddresses(addresses, lan, net({ up: false, routed: false }, false, { br0: { up: true, routed: false } }))).toEqual(addresses);
    expect(shownAddresses(addresses, lan, net({ up: true, routed: true }, true, { br0: { up: false, routed: false } })).addressNote).toMatch(
      /its bridge br0 is down/,
    );
  });

  it("explains a container on lxcbr0 with no IPv4 address while the DHCP server is not running", () => {
    const shown = shownAddresses({ ipv4: [], ipv6: [] }, onLxcbr0, net({ up: true, routed: true }, false));
    expect(shown.addressNote).toBe("no address: lxcbr0's DHCP (dnsmasq) is not running");
    // With an address (a lease taken before dnsmasq died) nothing needs explaining.
    expect(shownAddresses(addresses, onLxcbr0, net({ up: true, routed: true }, false))).toEqual(addresses);
  });

  it("says nothing about links it could not read", () => {
    expect(shownAddresses(addresses, [{ link: "vethGone", bridge: undefined }], net({ up: false, routed: false }, false))).toEqual(addresses);
  });
});

describe("routedVia (/proc/net/route)", () => {
  const table = [
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
    "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
    "lxcbr0\t0003000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  ].join("\n");
  it("finds a route through the bridge by its interface column only", () => {
    expect(routedVia(table, "lxcbr0")).toBe(true);
    expect(routedVia(table, "lxcbr1")).toBe(false);
    expect(routedVia(table.replace("lxcbr0", "xlxcbr0"), "lxcbr0")).toBe(false);
  });
});
