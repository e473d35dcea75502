import { readFile } from "node:fs/promises";

/**
 * A running container's addresses, read from its network namespace through
 * its init's /proc/PID/net: no process is spawned, and an address shows as
 * soon as DHCP has set it. As lxc-ls shows them: IPv4 and global IPv6,
 * loopback left out.
 */

/** The local IPv4 addresses in /proc/PID/net/fib_trie ("|-- 10.0.3.17" followed by "/32 host LOCAL"). */
export function parseFibTrie(text: string): string[] {
  const found = new Set<string>();
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (!/^\s*\/32 host LOCAL/.test(lines[i]!)) continue;
    const m = /\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(lines[i - 1]!);
    if (m && !m[1]!.startsWith("127.")) found.add(m[1]!);
  }
  return [...found];
}

/** Global-scope IPv6 addresses of /proc/PID/net/if_inet6 (not lo, not link-local). */
export function parseIfInet6(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[5] === "lo" || f[3] !== "00" || !/^[0-9a-f]{32}$/i.test(f[0]!)) continue;
    found.push(compressIpv6(f[0]!.toLowerCase()));
  }
  return found;
}

/** 32 hex digits → the usual text form (zeros dropped, the longest run of zero groups as "::"). */
export function compressIpv6(hex: string): string {
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(":");
  return `${groups.slice(0, best.start).join(":")}::${groups.slice(best.start + best.len).join(":")}`;
}

/** The addresses of the network namespace of `pid`, or null when they cannot be read (the process is gone, or not ours to read). */
export async function netnsAddresses(pid: number): Promise<{ ipv4: string[]; ipv6: string[] } | null> {
  const [fib, inet6] = await Promise.all([
    readFile(`/proc/${pid}/net/fib_trie`, "utf8").catch(() => null),
    readFile(`/proc/${pid}/net/if_inet6`, "utf8").catch(() => ""),
  ]);
  if (fib === null) return null;
  return { ipv4: parseFibTrie(fib), ipv6: parseIfInet6(inet6) };
}
