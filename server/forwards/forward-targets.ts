import { readFile } from "node:fs/promises";
import { inSubnet, parseCidr, parseIpv4 } from "@/lib/ipv4";
import type { ContainerSummary } from "@/lib/container-types";
import { containerConfigPath } from "../lxc";
import { configEntries } from "../lxc/parse-container-config";
import type { BridgeNetwork } from "../lxc/bridge-network";
import { containerStates } from "../live";

/** Where a forward's traffic would go now. */
export interface ContainerTarget {
  running: boolean;
  /** The IPv4 address to forward to: the one on lxcbr0 when it has several. */
  address: string | null;
}

/** The address a forward goes to: the container's on the bridge's subnet when it has several. */
export function targetOf(c: ContainerSummary, bridge: BridgeNetwork | null): ContainerTarget {
  const subnet = bridge ? parseCidr(`${bridge.address}/${bridge.prefix}`) : null;
  const onBridge = (a: string) => subnet !== null && inSubnet(parseIpv4(a) ?? 0, subnet);
  const running = c.state === "RUNNING";
  return { running, address: running ? (c.ipv4.find(onBridge) ?? c.ipv4[0] ?? null) : null };
}

/**
 * Every container of the dashboard's lxcpath as the live state store knows
 * it (server/live: lxc-monitor, the lxcpath watch, addresses from /proc); a
 * name missing from it no longer exists. Nothing is spawned.
 */
export async function readTargets(bridge: BridgeNetwork | null): Promise<Map<string, ContainerTarget>> {
  return new Map((await containerStates()).map((c) => [c.name, targetOf(c, bridge)]));
}

/** Whether the container's config gives it a network interface of its own (anything but none/empty). */
export async function hasNetworkInterface(name: string): Promise<boolean> {
  const text = await readFile(containerConfigPath(name), "utf8").catch(() => "");
  return configEntries(text).some((e) => /^lxc\.net\.\d+\.type$/.test(e.key) && e.value !== "empty" && e.value !== "none");
}
