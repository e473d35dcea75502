import { networkInterfaces } from "node:os";

/**
 * This machine's own IPv4 addresses a LAN client can reach it at: every
 * interface's but loopback and the containers' own bridge and veths.
 */
export function lanAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => !name.startsWith("lxcbr") && !name.startsWith("veth"))
    .flatMap(([, addrs]) => addrs ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}
