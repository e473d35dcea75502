import type { ForwardProtocol } from "@/lib/forwards";

/**
 * The nftables ruleset of the dashboard's forwards, as one `nft -f` file that
 * replaces the dashboard's own table and nothing else, in one transaction:
 *
 *   table ip NAME          (declares it, so the delete below never fails)
 *   delete table ip NAME   (drops whatever it held)
 *   table ip NAME { ... }  (the forwards as they should be)
 *
 * nft applies a file atomically: the old table stays as it was when any
 * line fails. lxc-net's own tables (inet lxc, ip lxc) are never named.
 */

export interface ActiveRule {
  id: number;
  container: string;
  protocol: ForwardProtocol;
  hostPort: number;
  address: string;
  containerPort: number;
}

export interface BridgeNetwork {
  /** The bridge's own address, e.g. 10.0.3.1. */
  address: string;
  /** Its subnet, e.g. 10.0.3.0/24. */
  subnet: string;
}

/** A container name is [A-Za-z0-9-] (lib/container-name.ts), so it needs no escaping inside the quotes. */
function comment(rule: ActiveRule): string {
  return `"forward ${rule.id}: ${rule.container}"`;
}

function dnat(rule: ActiveRule): string {
  return `fib daddr type local ${rule.protocol} dport ${rule.hostPort} dnat to ${rule.address}:${rule.containerPort} comment ${comment(rule)}`;
}

/**
 * - prerouting: traffic from the LAN (or a container) to any of the host's
 *   own addresses on the host port goes to the container;
 * - output: the same for connections the host itself opens to its own
 *   addresses ("hairpin"), loopback excepted: a packet from 127.0.0.1 cannot
 *   leave through the bridge, so localhost gets a plain refusal rather than
 *   a hang;
 * - postrouting: a container reaching another container through the host's
 *   address would get an answer from the wrong source, so such connections
 *   are rewritten to come from the bridge's address.
 */
export function forwardsRuleset(table: string, rules: readonly ActiveRule[], bridge: BridgeNetwork | null): string {
  const lines = [`table ip ${table}`, `delete table ip ${table}`];
  if (rules.length === 0) return `${lines.join("\n")}\n`;
  const sorted = [...rules].sort((a, b) => a.id - b.id);
  lines.push(
    `table ip ${table} {`,
    "\tchain prerouting {",
    "\t\ttype nat hook prerouting priority dstnat; policy accept;",
    ...sorted.map((r) => `\t\t${dnat(r)}`),
    "\t}",
    "\tchain output {",
    "\t\ttype nat hook output priority -100; policy accept;",
    ...sorted.map((r) => `\t\tip daddr != 127.0.0.0/8 ${dnat(r)}`),
    "\t}",
  );
  if (bridge) {
    lines.push(
      "\tchain postrouting {",
      "\t\ttype nat hook postrouting priority srcnat; policy accept;",
      `\t\tct status dnat ip saddr ${bridge.subnet} ip daddr ${bridge.subnet} snat to ${bridge.address} comment "container to container through the host"`,
      "\t}",
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Nothing left to forward: the table goes. */
export function dropTableRuleset(table: string): string {
  return forwardsRuleset(table, [], null);
}
