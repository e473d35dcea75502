import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { endianness } from "node:os";
import path from "node:path";
import { fixedAddressProblem, formatIpv4, parseIpv4, type BridgeNet, type FixedAddressResult, type FixedAddressView } from "@/lib/fixed-address";
import { containerNameProblem } from "@/lib/container-name";
import { finishAudit, recordEvent, startAudit } from "../audit";
import type { Who } from "../containers/who";
import { containerStates } from "../live";
import { applyConfigEdits, containerConfigPath, ContainerNotFound, isLxcError, replaceConfigFile, withContainerLockIfFree } from "../lxc";
import { configEntries } from "../lxc/parse-container-config";
import { parseFibTrie } from "../live/netns-addresses";

/**
 * "Fixed address": a DHCP reservation on the container's bridge. lxc-net's
 * dnsmasq reads one file per reservation from HOSTS_DIR (dhcp-hostsdir, set up
 * by scripts/setup-host.sh) and re-reads it by itself when a file changes, so
 * nothing is restarted: the container gets the address at its next start or
 * DHCP renewal, and keeps it. The reservation is by MAC address, so the
 * container's config gets a fixed lxc.net.0.hwaddr when it has none (LXC
 * would otherwise make a new MAC at every start). Any DHCP client inside
 * works (busybox's udhcpc flushes an address set by LXC itself, which is why
 * lxc.net.0.ipv4.address is not used).
 */

export const HOSTS_DIR = process.env.LXC_DHCP_HOSTSDIR ?? "/etc/lxc/dhcp-hosts.d";
const LEASES = "/var/lib/misc/dnsmasq.lxcbr0.leases";
const PREFIX = "lxc-dashboard.";
const reservationFile = (name: string) => path.join(HOSTS_DIR, `${PREFIX}${name}`);

interface Reservation {
  mac: string;
  address: string;
}

/** Every reservation the dashboard wrote: container name → MAC and address. */
async function reservations(): Promise<Map<string, Reservation>> {
  const files = await readdir(HOSTS_DIR).catch(() => [] as string[]);
  const found = new Map<string, Reservation>();
  for (const file of files.filter((f) => f.startsWith(PREFIX))) {
    const [mac, address] = (await readFile(path.join(HOSTS_DIR, file), "utf8").catch(() => "")).trim().split(",");
    if (mac && address) found.set(file.slice(PREFIX.length), { mac, address });
  }
  return found;
}

/** Whether lxc-net's running dnsmasq reads HOSTS_DIR (its --conf-file names a file with dhcp-hostsdir=HOSTS_DIR). */
async function dnsmasqReadsReservations(): Promise<string | null> {
  const fix = "run scripts/setup-host.sh as root (it points lxc-net's dnsmasq at the reservations and restarts lxc-net for a few seconds)";
  const pid = (await readFile("/run/lxc/dnsmasq.pid", "utf8").catch(() => "")).trim();
  if (!pid) return `lxcbr0's DHCP (lxc-net's dnsmasq) is not running; ${fix}.`;
  const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
  const conf = argv.find((a) => a.startsWith("--conf-file="))?.slice("--conf-file=".length);
  const text = conf ? await readFile(conf, "utf8").catch(() => "") : "";
  if (!text.split("\n").some((l) => l.trim() === `dhcp-hostsdir=${HOSTS_DIR}`)) return `lxcbr0's dnsmasq does not read reservations from ${HOSTS_DIR}; ${fix}.`;
  return null;
}

async function configOf(name: string): Promise<{ configPath: string; text: string }> {
  const configPath = containerConfigPath(name);
  const text = await readFile(configPath, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new ContainerNotFound(name);
    throw err;
  });
  return { configPath, text };
}

const last = (text: string, key: string) => configEntries(text).filter((e) => e.key === key).at(-1)?.value ?? null;

/**
 * The IPv4 subnet of the bridge the container's first interface joins
 * (lxc.net.0.link), from the host's routing table and local addresses in
 * /proc (no `ip` spawned: the Settings page shows state and spawns
 * nothing). os.networkInterfaces() would leave out a bridge without carrier
 * (lxcbr0 while no container runs on it); its connected route stays.
 */
async function bridgeNetOf(configText: string): Promise<BridgeNet | null> {
  const link = last(configText, "lxc.net.0.link");
  if (!link || last(configText, "lxc.net.0.type") !== "veth" || !/^[A-Za-z0-9_.-]{1,15}$/.test(link)) return null;
  const [routes, fib] = await Promise.all([readFile("/proc/net/route", "utf8").catch(() => ""), readFile("/proc/net/fib_trie", "utf8").catch(() => "")]);
  return bridgeNetFromProc(link, routes, fib);
}

/** A /proc/net/route field (the kernel's u32 in the host's byte order, printed as hex) as a number in network order. */
const routeWord = (hex: string) => {
  const bytes = Buffer.from(hex.padStart(8, "0"), "hex");
  return endianness() === "LE" ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0);
};

/** The link's connected subnet (a route on it with no gateway) and the host's own address in it (a LOCAL entry of fib_trie). */
export function bridgeNetFromProc(link: string, routeText: string, fibTrieText: string): BridgeNet | null {
  const locals = parseFibTrie(fibTrieText).map((a) => parseIpv4(a)).filter((a): a is number => a !== null);
  for (const line of routeText.split("\n").slice(1)) {
    const [iface, destination, gateway, , , , , mask] = line.trim().split(/\s+/);
    if (iface !== link || !destination || !mask || gateway !== "00000000") continue;
    const net = routeWord(destination);
    const bits = routeWord(mask);
    const prefix = 32 - Math.log2((~bits >>> 0) + 1);
    if (!Number.isInteger(prefix) || prefix === 0) continue;
    const own = locals.find((a) => ((a & bits) >>> 0) === net);
    if (own !== undefined) return { bridge: link, address: formatIpv4(own), prefix };
  }
  return null;
}

/** The addresses others have: their current address, their reservation, or a DHCP lease to another MAC. */
async function takenAddresses(name: string, ownMac: string | null): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (const c of await containerStates()) if (c.name !== name) for (const a of c.ipv4) taken.set(a, `${c.name} has it now`);
  for (const [other, r] of await reservations()) if (other !== name) taken.set(r.address, `reserved for ${other}`);
  for (const line of (await readFile(LEASES, "utf8").catch(() => "")).split("\n")) {
    const [, mac, address, host] = line.split(" ");
    if (mac && address && mac.toLowerCase() !== ownMac?.toLowerCase() && !taken.has(address)) {
      taken.set(address, `leased by DHCP to ${host && host !== "*" ? host : mac}`);
    }
  }
  return taken;
}

export async function fixedAddressView(name: string): Promise<FixedAddressView> {
  const { text } = await configOf(name);
  const bridge = await bridgeNetOf(text);
  const own = (await reservations()).get(name);
  const unavailable = bridge ? await dnsmasqReadsReservations() : "Its first network interface is not a veth on a bridge with an IPv4 subnet.";
  return { address: own?.address ?? null, bridge, unavailable };
}

function newMac(): string {
  const b = randomBytes(3);
  return `00:16:3e:${[...b].map((x) => x.toString(16).padStart(2, "0")).join(":")}`;
}

/**
 * Sets (or, with "", removes) the container's fixed address: checked against
 * its bridge's subnet and every other container's address, reservation and
 * lease; refused at the field with the reason, nothing written. Audited.
 */
export async function setFixedAddress(who: Who, name: string, input: unknown): Promise<FixedAddressResult> {
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, error: problem };
  const wanted = typeof input === "string" ? input.trim() : "";
  const refuse = async (error: string, field?: "address"): Promise<FixedAddressResult> => {
    await recordEvent({ ...who, action: "fixed address", container: name, outcome: "failed", detail: error });
    return field ? { ok: false, error, field } : { ok: false, error };
  };
  try {
    return await withContainerLockIfFree(name, "fixing its address", async () => {
      const { configPath, text } = await configOf(name);
      if (wanted === "") {
        await rm(reservationFile(name), { force: true });
        const auditId = await startAudit({ ...who, action: "fixed address", container: name, command: `rm ${reservationFile(name)}` });
        await finishAudit(auditId, { outcome: "ok", detail: "DHCP gives it any free address from its next start" });
        return { ok: true, message: `${name}: no fixed address (DHCP gives it any free address from its next start)` };
      }
      const unavailable = await dnsmasqReadsReservations();
      if (unavailable) return refuse(unavailable);
      const mac = last(text, "lxc.net.0.hwaddr");
      const problemAt = fixedAddressProblem(wanted, await bridgeNetOf(text), await takenAddresses(name, mac));
      if (problemAt) return refuse(problemAt, "address");
      const address = formatIpv4(parseIpv4(wanted)!);
      const hwaddr = mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac) ? mac : newMac();
      const line = `${hwaddr},${address}`;
      const auditId = await startAudit({
        ...who,
        action: "fixed address",
        container: name,
        command: `${hwaddr === mac ? "" : `lxc.net.0.hwaddr = ${hwaddr} in ${configPath}; `}echo ${line} > ${reservationFile(name)}`,
      });
      if (hwaddr !== mac) await replaceConfigFile(configPath, applyConfigEdits(text, [{ key: "lxc.net.0.hwaddr", value: hwaddr }]));
      await mkdir(HOSTS_DIR, { recursive: true });
      // Renamed into place: dnsmasq never reads half a file.
      const temp = path.join(HOSTS_DIR, `.${PREFIX}${name}.${process.pid}`);
      await writeFile(temp, `${line}\n`, { mode: 0o644 });
      await rename(temp, reservationFile(name));
      await finishAudit(auditId, { outcome: "ok", detail: `reserved ${address} for ${hwaddr} on ${last(text, "lxc.net.0.link") ?? "its bridge"}` });
      return { ok: true, message: `${name}: fixed address ${address} (from its next start or DHCP renewal)` };
    });
  } catch (err) {
    if (isLxcError(err)) return refuse(err.message);
    throw err;
  }
}

/** A destroyed container's reservation goes with it. */
export async function forgetFixedAddress(name: string): Promise<void> {
  await rm(reservationFile(name), { force: true });
}
