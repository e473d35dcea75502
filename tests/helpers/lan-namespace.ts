import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { lanAddresses } from "@/server/host/lan-addresses";

/**
 * Another machine on the LAN, played by a network namespace of the test's
 * own: a veth pair into the host, a /30 of the documentation range
 * 198.51.100.0/24 (host end .1 of it, the client .2, default route through
 * the host). `remove()` deletes the namespace and the host's end, leaving
 * the host as found. Traffic goes only between it and this host.
 */
export interface LanClient {
  namespace: string;
  /** The client's own address. */
  address: string;
  /** The host's address on the client's link (one of the host's own addresses). */
  hostEnd: string;
  /** The host's main LAN address (its first non-loopback, non-container one), else hostEnd. */
  hostAddress: string;
  /** GET `url` from inside the namespace: the body, or null when the connection fails (refused, timed out). */
  fetch(url: string, timeoutSeconds?: number): string | null;
  /** curl's exit code for `url` from inside the namespace (7: refused, 28: timed out). */
  curlExit(url: string, timeoutSeconds?: number): number;
  /** A command run inside the namespace. */
  exec(argv: string[], timeoutMs?: number): string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] });

export function makeLanClient(): LanClient {
  const tag = randomBytes(3).toString("hex");
  const namespace = `lxcd-lan-${tag}`;
  const hostLink = `lxl${tag}h`;
  const clientLink = `lxl${tag}c`;
  // A random /30, so two runs at once do not share a subnet.
  const base = 4 * randomInt(0, 64);
  const hostEnd = `198.51.100.${base + 1}`;
  const address = `198.51.100.${base + 2}`;
  const remove = () => {
    spawnSync("ip", ["netns", "del", namespace]);
    spawnSync("ip", ["link", "del", hostLink]);
  };
  try {
    ip("netns", "add", namespace);
    ip("link", "add", hostLink, "type", "veth", "peer", "name", clientLink);
    ip("link", "set", clientLink, "netns", namespace);
    ip("addr", "add", `${hostEnd}/30`, "dev", hostLink);
    ip("link", "set", hostLink, "up");
    ip("-n", namespace, "addr", "add", `${address}/30`, "dev", clientLink);
    ip("-n", namespace, "link", "set", clientLink, "up");
    ip("-n", namespace, "link", "set", "lo", "up");
    ip("-n", namespace, "route", "add", "default", "via", hostEnd);
  } catch (err) {
    remove();
    throw err;
  }
  const exec = (argv: string[], timeoutMs = 30_000) =>
    execFileSync("ip", ["netns", "exec", namespace, ...argv], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
  const curl = (url: string, timeoutSeconds: number) =>
    spawnSync("ip", ["netns", "exec", namespace, "curl", "-s", "-m", String(timeoutSeconds), url], { encoding: "utf8" });
  return {
    namespace,
    address,
    hostEnd,
    hostAddress: lanAddresses().find((a) => a !== hostEnd) ?? hostEnd,
    fetch(url, timeoutSeconds = 5) {
      const r = curl(url, timeoutSeconds);
      return r.status === 0 ? r.stdout : null;
    },
    curlExit: (url, timeoutSeconds = 5) => curl(url, timeoutSeconds).status ?? -1,
    exec,
    remove,
  };
}
