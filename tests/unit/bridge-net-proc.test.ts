// The Fixed address form's bridge subnet, read from /proc instead of `ip`:
// /proc/net/route and /proc/net/fib_trie as captured on this host (lxcbr0
// 10.0.3.1/24, incusbr0 10.99.0.1/24, eth0 192.0.2.2/24 with a default route).
import { describe, expect, it } from "vitest";
import { bridgeNetFromProc } from "@/server/addresses/fixed-address";

const ROUTE = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0
lxcbr0	0003000A	00000000	0001	0	0	0	00FFFFFF	0	0	0
incusbr0	0000630A	00000000	0001	0	0	0	00FFFFFF	0	0	0
eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
`;

const FIB = `Main:
  +-- 0.0.0.0/0 3 0 5
     +-- 0.0.0.0/4 2 0 2
        |-- 0.0.0.0
           /0 universe UNICAST
        +-- 10.0.0.0/9 2 0 2
           +-- 10.0.3.0/24 2 0 2
              +-- 10.0.3.0/31 1 0 0
                 |-- 10.0.3.0
                    /24 link UNICAST
                 |-- 10.0.3.1
                    /32 host LOCAL
              |-- 10.0.3.255
                 /32 link BROADCAST
           +-- 10.99.0.0/24 2 0 2
              +-- 10.99.0.0/31 1 0 0
                 |-- 10.99.0.0
                    /24 link UNICAST
                 |-- 10.99.0.1
                    /32 host LOCAL
     +-- 192.0.2.0/24 2 0 2
        +-- 192.0.2.0/30 2 0 2
           |-- 192.0.2.0
              /24 link UNICAST
           |-- 192.0.2.2
              /32 host LOCAL
`;

describe("bridgeNetFromProc", () => {
  it("finds each bridge's connected subnet and the host's own address in it", () => {
    expect(bridgeNetFromProc("lxcbr0", ROUTE, FIB)).toEqual({ bridge: "lxcbr0", address: "10.0.3.1", prefix: 24 });
    expect(bridgeNetFromProc("incusbr0", ROUTE, FIB)).toEqual({ bridge: "incusbr0", address: "10.99.0.1", prefix: 24 });
  });

  it("skips a route through a gateway and the default route", () => {
    expect(bridgeNetFromProc("eth0", ROUTE, FIB)).toEqual({ bridge: "eth0", address: "192.0.2.2", prefix: 24 });
  });

  it("is null for a link with no route, or a route with no local address of ours", () => {
    expect(bridgeNetFromProc("lxcbr1", ROUTE, FIB)).toBeNull();
    expect(bridgeNetFromProc("lxcbr0", ROUTE, FIB.replace("10.0.3.1\n                    /32 host LOCAL", "10.0.3.1\n                    /32 link UNICAST"))).toBeNull();
    expect(bridgeNetFromProc("lxcbr0", "", "")).toBeNull();
  });
});
