import { readFile } from "node:fs/promises";
import { formatIpv4, parseCidr, parseIpv4, prefixOfNetmask, subnetText } from "@/lib/ipv4";
import { runTool } from "./run-tool";

/** The bridge lxc-net makes, with its DHCP (dnsmasq): the one containers' addresses come from. */
export const LXC_BRIDGE = "lxcbr0";

export interface BridgeNetwork {
  name: string;
  /** The bridge's own address, the containers' gateway: "10.0.3.1". */
  address: string;
  prefix: number;
  /** "10.0.3.0/24" */
  subnet: string;
  /** lxc-net's LXC_DHCP_RANGE, e.g. 10.0.3.2 to 10.0.3.254. */
  dhcpRange: { from: string; to: string } | null;
}

/**
 * KEY=value lines of a shell variables file such as /etc/default/lxc-net
 * (quotes removed; comments, blank lines and anything else skipped).
 */
export function parseShellVariables(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=("([^"]*)"|'([^']*)'|([^\s#]*))/.exec(line);
    if (m) values.set(m[1]!, m[3] ?? m[4] ?? m[5] ?? "");
  }
  return values;
}

/**
 * lxc-net's settings as it reads them: its built-in defaults, then
 * /etc/default/lxc (which on Debian sources /etc/default/lxc-net).
 */
export async function lxcNetSettings(): Promise<Map<string, string>> {
  const settings = new Map([
    ["LXC_BRIDGE", LXC_BRIDGE],
    ["LXC_ADDR", "10.0.3.1"],
    ["LXC_NETMASK", "255.255.255.0"],
    ["LXC_DHCP_RANGE", "10.0.3.2,10.0.3.254"],
    ["LXC_DHCP_CONFILE", ""],
  ]);
  for (const file of ["/etc/default/lxc", "/etc/default/lxc-net"]) {
    const text = await readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => "");
    for (const [key, value] of parseShellVariables(text)) settings.set(key, value);
  }
  return settings;
}

/** The bridge's IPv4 address with its prefix, as the kernel has it ("10.0.3.1/24"), or null when it has none. */
async function kernelAddress(name: string): Promise<string | null> {
  const { exitCode, stdout } = await runTool(["ip", "-4", "-o", "addr", "show", "dev", name]).catch(() => ({ exitCode: 1, stdout: "" }));
  return exitCode === 0 ? (/\binet (\S+)/.exec(stdout)?.[1] ?? null) : null;
}

/**
 * lxcbr0's network: the kernel's address for it when it is up, else the one
 * lxc-net will give it; null when neither says (lxc-net not configured).
 */
export async function readBridgeNetwork(): Promise<BridgeNetwork | null> {
  const settings = await lxcNetSettings();
  const name = settings.get("LXC_BRIDGE") || LXC_BRIDGE;
  const live = await kernelAddress(name);
  const prefix = prefixOfNetmask(settings.get("LXC_NETMASK") ?? "");
  const cidr = parseCidr(live ?? `${settings.get("LXC_ADDR")}/${prefix ?? ""}`);
  if (!cidr) return null;
  const [from, to] = (settings.get("LXC_DHCP_RANGE") ?? "").split(",").map((a) => a.trim());
  const range = from && to && parseIpv4(from) !== null && parseIpv4(to) !== null ? { from, to } : null;
  return { name, address: formatIpv4(cidr.address), prefix: cidr.prefix, subnet: subnetText(cidr), dhcpRange: range };
}
