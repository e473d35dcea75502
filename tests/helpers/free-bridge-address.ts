// An address of lxcbr0's 10.0.3.0/24 that no DHCP lease, reservation or
// neighbour has, for tests that pin one. lxc-net's pool is the whole /24
// (10.0.3.2-254) and a run creates many containers whose leases last an hour,
// so no fixed address is safe to assume free.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const LEASES = "/var/lib/misc/dnsmasq.lxcbr0.leases";

export function freeBridgeAddress(hostsDir = "/etc/lxc/dhcp-hosts.d"): string {
  const leases = existsSync(LEASES) ? readFileSync(LEASES, "utf8") : "";
  const reserved = existsSync(hostsDir) ? readdirSync(hostsDir).map((f) => readFileSync(path.join(hostsDir, f), "utf8")).join("\n") : "";
  const neighbours = execFileSync("ip", ["-4", "neigh", "show", "dev", "lxcbr0"], { encoding: "utf8" });
  const addresses = execFileSync("ip", ["-4", "-o", "addr", "show"], { encoding: "utf8" });
  // Random order over the top of the range: two runs on one host rarely pick the same.
  const candidates = Array.from({ length: 80 }, (_, i) => 151 + i).sort(() => Math.random() - 0.5);
  for (const last of candidates) {
    const a = `10.0.3.${last}`;
    const seen = new RegExp(`(^|[^0-9.])${a.replaceAll(".", "\\.")}([^0-9]|$)`, "m");
    if (![leases, reserved, neighbours, addresses].some((t) => seen.test(t))) return a;
  }
  throw new Error("no free address in 10.0.3.151-230 (every one is leased, reserved or a neighbour)");
}
