import type { ContainerState } from "./types";

/** Small readers shared by the lxc-ls and lxc-info parsers; each returns null when the text is not what it reads. */

const STATES: ReadonlySet<string> = new Set<ContainerState>([
  "RUNNING",
  "STOPPED",
  "FROZEN",
  "STARTING",
  "STOPPING",
  "ABORTING",
  "FREEZING",
  "THAWED",
]);

export function readState(text: string): ContainerState | null {
  return STATES.has(text) ? (text as ContainerState) : null;
}

export function readPid(text: string): number | null {
  return /^[1-9]\d*$/.test(text) ? Number(text) : null;
}

const UNIT_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** "1.02MB", "512.00KB", "0.00MB" (lxc-ls counts in powers of 1024) → bytes. */
export function readSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B$/i.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_BYTES[`${m[2]!.toUpperCase()}B`]!);
}

/** Addresses split into IPv4 and IPv6 (only IPv6 has a ':'). */
export function splitAddresses(addresses: readonly string[]): { ipv4: string[]; ipv6: string[] } {
  return { ipv4: addresses.filter((a) => !a.includes(":")), ipv6: addresses.filter((a) => a.includes(":")) };
}
