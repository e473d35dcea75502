/** IPv4 addresses and subnets as numbers, for checks both sides make (fixed addresses, the bridge's range). */

/** "10.0.3.5" → 167772933; null for anything that is not four decimal octets. */
export function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255) || m.slice(1).some((o) => o.length > 1 && o.startsWith("0"))) return null;
  return octets.reduce((n, o) => n * 256 + o, 0);
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

export interface Ipv4Subnet {
  /** The network's first address (host bits zero). */
  network: number;
  prefix: number;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** "10.0.3.1/24" → the subnet it lies in; null when not such a text. */
export function parseCidr(text: string): (Ipv4Subnet & { address: number }) | null {
  const [addr, bits, extra] = text.trim().split("/");
  if (addr === undefined || bits === undefined || extra !== undefined || !/^\d{1,2}$/.test(bits)) return null;
  const address = parseIpv4(addr);
  const prefix = Number(bits);
  if (address === null || prefix > 32) return null;
  return { address, prefix, network: (address & maskOf(prefix)) >>> 0 };
}

/** "255.255.255.0" → 24; null for a mask that is not a run of ones. */
export function prefixOfNetmask(mask: string): number | null {
  const n = parseIpv4(mask);
  if (n === null) return null;
  const prefix = 32 - Math.log2((~n >>> 0) + 1);
  return Number.isInteger(prefix) ? prefix : null;
}

export function subnetText(subnet: Ipv4Subnet): string {
  return `${formatIpv4(subnet.network)}/${subnet.prefix}`;
}

export function inSubnet(address: number, subnet: Ipv4Subnet): boolean {
  return ((address & maskOf(subnet.prefix)) >>> 0) === subnet.network;
}

/** The broadcast address: host bits all ones. */
export function broadcastOf(subnet: Ipv4Subnet): number {
  return (subnet.network | (~maskOf(subnet.prefix) >>> 0)) >>> 0;
}
