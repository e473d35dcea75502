/**
 * A container's fixed IPv4 address: a DHCP reservation on its bridge (lxcbr0's
 * dnsmasq), checked against the bridge's subnet and the addresses other
 * containers have, hold by reservation or were leased. Pure: the server
 * supplies the bridge and the taken addresses.
 */

export interface BridgeNet {
  bridge: string;
  /** The bridge's own IPv4 address (the containers' gateway). */
  address: string;
  prefix: number;
}

/** What the container page shows and the action answers. */
export interface FixedAddressView {
  /** The reserved address, null when it gets whatever DHCP gives. */
  address: string | null;
  bridge: BridgeNet | null;
  /** null when a reservation can be written here; else why not, with the fix. */
  unavailable: string | null;
}

export type FixedAddressResult = { ok: true; message: string } | { ok: false; error: string; field?: "address" };

export function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

function subnetOf(net: BridgeNet): { base: number; broadcast: number } {
  const mask = net.prefix === 0 ? 0 : (~0 << (32 - net.prefix)) >>> 0;
  const base = (parseIpv4(net.address)! & mask) >>> 0;
  return { base, broadcast: (base | (~mask >>> 0)) >>> 0 };
}

export function subnetText(net: BridgeNet): string {
  return `${formatIpv4(subnetOf(net).base)}/${net.prefix}`;
}

/**
 * Why `text` cannot be the container's fixed address, or null when it can.
 * `taken`: address → who has it ("web (its address now)", "db (reserved)"...).
 */
export function fixedAddressProblem(text: string, net: BridgeNet | null, taken: ReadonlyMap<string, string>): string | null {
  const ip = parseIpv4(text);
  if (ip === null) return "Enter an IPv4 address such as 10.0.3.50.";
  if (!net) return "Its first network interface is on no bridge with an IPv4 subnet here, so no address can be reserved for it.";
  const { base, broadcast } = subnetOf(net);
  const address = formatIpv4(ip);
  if (ip < base || ip > broadcast) return `${address} is outside ${net.bridge}'s subnet ${subnetText(net)}.`;
  if (ip === base) return `${address} is the subnet's own address, not one a container can have.`;
  if (ip === broadcast) return `${address} is ${net.bridge}'s broadcast address.`;
  if (address === net.address) return `${address} is ${net.bridge}'s own address (the containers' gateway).`;
  const holder = taken.get(address);
  if (holder) return `${address} is taken: ${holder}.`;
  return null;
}
