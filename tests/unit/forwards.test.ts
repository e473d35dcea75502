import { describe, expect, it } from "vitest";
import { checkForwardInput, forwardSummary } from "@/lib/forwards";
import { broadcastOf, inSubnet, parseCidr, parseIpv4, prefixOfNetmask, subnetText } from "@/lib/ipv4";
import { parseShellVariables } from "@/server/lxc/bridge-network";
import { candidateHostPorts } from "@/server/forwards/host-ports";
import { dropTableRuleset, forwardsRuleset } from "@/server/forwards/nft-ruleset";

const ROOT = { mechanism: "nftables", protocols: ["tcp", "udp"], minHostPort: 1 } as const;
const USER = { mechanism: "proxy", protocols: ["tcp"], minHostPort: 1024 } as const;
const bridge = { address: "10.0.3.1", subnet: "10.0.3.0/24" };

describe("the nftables ruleset", () => {
  it("replaces only the dashboard's table, atomically, with DNAT for the LAN and for the host itself", () => {
    const text = forwardsRuleset(
      "lxc_dashboard",
      [
        { id: 7, container: "web", protocol: "tcp", hostPort: 18080, address: "10.0.3.5", containerPort: 80 },
        { id: 3, container: "dns", protocol: "udp", hostPort: 5353, address: "10.0.3.9", containerPort: 53 },
      ],
      bridge,
    );
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["table ip lxc_dashboard", "delete table ip lxc_dashboard", "table ip lxc_dashboard {"]);
    expect(text).not.toMatch(/\b(inet|ip) lxc\b/);
    expect(text).toContain('fib daddr type local udp dport 5353 dnat to 10.0.3.9:53 comment "forward 3: dns"');
    expect(text).toContain('ip daddr != 127.0.0.0/8 fib daddr type local tcp dport 18080 dnat to 10.0.3.5:80 comment "forward 7: web"');
    expect(text).toContain("type nat hook prerouting priority dstnat;");
    expect(text).toContain("type nat hook output priority -100;");
    expect(text).toContain("ct status dnat ip saddr 10.0.3.0/24 ip daddr 10.0.3.0/24 snat to 10.0.3.1");
    // Ordered by id, whatever order they came in.
    expect(text.indexOf("forward 3")).toBeLessThan(text.indexOf("forward 7"));
  });

  it("drops the table when nothing is left to forward", () => {
    expect(dropTableRuleset("t1")).toBe("table ip t1\ndelete table ip t1\n");
    expect(forwardsRuleset("t1", [], bridge)).toBe(dropTableRuleset("t1"));
  });
});

describe("forward input", () => {
  it("takes a good request and normalises its ports", () => {
    expect(checkForwardInput({ container: "web", protocol: "tcp", hostPort: " 18080", containerPort: 80 }, ROOT)).toEqual({
      ok: true,
      request: { container: "web", protocol: "tcp", hostPort: 18080, containerPort: 80 },
    });
  });

  it.each([
    [{ hostPort: "0" }, "hostPort", "The host port is a whole number from 1 to 65535."],
    [{ hostPort: "65536" }, "hostPort", "The host port is a whole number from 1 to 65535."],
    [{ hostPort: "80x" }, "hostPort", "The host port is a whole number from 1 to 65535."],
    [{ containerPort: "-1" }, "containerPort", "The container port is a whole number from 1 to 65535."],
    [{ protocol: "sctp" }, "protocol", "Pick TCP or UDP."],
    [{ container: "-bad" }, "container", "A name cannot start or end with '-'."],
  ])("refuses %j at its field", (change, field, message) => {
    const r = checkForwardInput({ container: "web", protocol: "tcp", hostPort: "18080", containerPort: "80", ...change }, ROOT);
    expect(r).toEqual({ ok: false, fieldErrors: { [field]: message } });
  });

  it("refuses a privileged port and UDP to a regular user, saying why", () => {
    const low = checkForwardInput({ container: "web", protocol: "tcp", hostPort: "80", containerPort: "80" }, USER);
    expect(low).toEqual({
      ok: false,
      fieldErrors: { hostPort: "The dashboard runs as a regular user, who cannot listen below port 1024; pick 1024 or above." },
    });
    const udp = checkForwardInput({ container: "web", protocol: "udp", hostPort: "5353", containerPort: "53" }, USER);
    expect(udp.ok ? null : udp.fieldErrors.protocol).toMatch(/TCP only/);
  });

  it("summarises a forward in one line", () => {
    expect(forwardSummary({ protocol: "tcp", hostPort: 18080, container: "web", containerPort: 80 })).toBe("tcp 18080 → web:80");
  });

  it("suggests the container's own port when allowed, then 8000 + its last digits, then 18000 up", () => {
    expect(candidateHostPorts(8080, 1).slice(0, 3)).toEqual([8080, 18000, 18001]);
    expect(candidateHostPorts(80, 1).slice(0, 2)).toEqual([8080, 18000]);
    expect(candidateHostPorts(22, 1024)[0]).toBe(8022);
  });
});

describe("IPv4 and lxc-net's settings", () => {
  it("parses addresses, subnets and masks", () => {
    expect(parseIpv4("10.0.3.5")).toBe(0x0a000305);
    expect(parseIpv4("10.0.3.256")).toBeNull();
    expect(parseIpv4("10.0.03.5")).toBeNull();
    const net = parseCidr("10.0.3.1/24")!;
    expect(subnetText(net)).toBe("10.0.3.0/24");
    expect(inSubnet(parseIpv4("10.0.3.200")!, net)).toBe(true);
    expect(inSubnet(parseIpv4("10.0.4.2")!, net)).toBe(false);
    expect(broadcastOf(net)).toBe(parseIpv4("10.0.3.255"));
    expect(prefixOfNetmask("255.255.252.0")).toBe(22);
    expect(prefixOfNetmask("255.0.255.0")).toBeNull();
  });

  it("reads KEY=value lines of /etc/default/lxc-net", () => {
    const vars = parseShellVariables('USE_LXC_BRIDGE="true"\n# LXC_ADDR="10.0.4.1"\nLXC_ADDR=10.0.5.1\nLXC_DHCP_CONFILE=\'/etc/lxc/dnsmasq.conf\'\n');
    expect(vars.get("LXC_ADDR")).toBe("10.0.5.1");
    expect(vars.get("LXC_DHCP_CONFILE")).toBe("/etc/lxc/dnsmasq.conf");
    expect(vars.has("USE_LXC_BRIDGE")).toBe(true);
  });
});

describe("the userspace proxy's read size", () => {
  it("doubles while reads fill the buffer, up to 1 MiB, and halves when they come small, down to 64 KiB", async () => {
    const { nextReadSize } = await import("@/server/forwards/tcp-proxy");
    const KiB = 1024;
    expect(nextReadSize(64 * KiB, 64 * KiB)).toBe(128 * KiB);
    expect(nextReadSize(512 * KiB, 512 * KiB)).toBe(1024 * KiB);
    expect(nextReadSize(1024 * KiB, 1024 * KiB)).toBe(1024 * KiB);
    expect(nextReadSize(256 * KiB, 100 * KiB)).toBe(256 * KiB);
    expect(nextReadSize(256 * KiB, 10 * KiB)).toBe(128 * KiB);
    expect(nextReadSize(64 * KiB, 1)).toBe(64 * KiB);
  });
});
