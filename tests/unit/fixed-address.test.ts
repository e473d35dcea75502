import { describe, expect, it } from "vitest";
import { fixedAddressProblem, formatIpv4, parseIpv4, type BridgeNet } from "@/lib/fixed-address";

const lxcbr0: BridgeNet = { bridge: "lxcbr0", address: "10.0.3.1", prefix: 24 };
const taken = new Map([["10.0.3.7", "web (its address now)"]]);

describe("fixedAddressProblem", () => {
  it("accepts a free address of the bridge's subnet", () => {
    expect(fixedAddressProblem(" 10.0.3.50 ", lxcbr0, taken)).toBeNull();
  });
  it("refuses what is no IPv4 address", () => {
    for (const bad of ["", "10.0.3", "10.0.3.256", "fe80::1", "10.0.3.5/24"]) expect(fixedAddressProblem(bad, lxcbr0, taken)).toMatch(/Enter an IPv4 address/);
  });
  it("refuses addresses outside the subnet, its own, its broadcast and the bridge's", () => {
    expect(fixedAddressProblem("10.0.4.5", lxcbr0, taken)).toBe("10.0.4.5 is outside lxcbr0's subnet 10.0.3.0/24.");
    expect(fixedAddressProblem("10.0.3.0", lxcbr0, taken)).toMatch(/subnet's own address/);
    expect(fixedAddressProblem("10.0.3.255", lxcbr0, taken)).toMatch(/broadcast/);
    expect(fixedAddressProblem("10.0.3.1", lxcbr0, taken)).toMatch(/lxcbr0's own address/);
  });
  it("refuses an address another container has, naming it", () => {
    expect(fixedAddressProblem("10.0.3.7", lxcbr0, taken)).toBe("10.0.3.7 is taken: web (its address now).");
  });
  it("refuses any address when there is no bridge subnet", () => {
    expect(fixedAddressProblem("10.0.3.50", null, taken)).toMatch(/no bridge/);
  });
  it("round-trips addresses", () => {
    expect(formatIpv4(parseIpv4("192.168.255.1")!)).toBe("192.168.255.1");
  });
});
