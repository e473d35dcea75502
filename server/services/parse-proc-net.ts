/**
 * Parsers of the socket tables the kernel keeps per network namespace:
 * /proc/PID/net/tcp, tcp6, udp and udp6 show the namespace of PID (proc(5)).
 * What `ss -ltun` prints, without running anything.
 */

export type SocketFamily = 4 | 6;

export interface SocketEntry {
  protocol: "tcp" | "udp";
  family: SocketFamily;
  localAddress: string;
  localPort: number;
  remotePort: number;
  /** The kernel's TCP state number (0x0A LISTEN; 0x07 CLOSE, an unconnected UDP socket). */
  state: number;
  /** The socket's inode: /proc/PID/fd/N of its holder links to "socket:[inode]". */
  inode: number;
}

export const TCP_LISTEN = 0x0a;
export const UDP_UNCONNECTED = 0x07;

/** "0100007F" → "127.0.0.1": one 32-bit word in the kernel's (little-endian) byte order. */
function ipv4FromHex(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24].join(".");
}

/** Four such words → an IPv6 address in its shortest form ("::", "::ffff:10.0.3.5", "fe80::1"). */
function ipv6FromHex(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const n = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
    bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  }
  // An IPv4-mapped address (a dual-stack socket's peer) reads best as one.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join(".")}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.length).join(":")}`;
}

function endpoint(text: string | undefined, family: SocketFamily): { address: string; port: number } | null {
  const [hex, portHex] = (text ?? "").split(":");
  if (hex === undefined || portHex === undefined || !/^[0-9A-Fa-f]{4}$/.test(portHex)) return null;
  const address = family === 4 ? ipv4FromHex(hex) : ipv6FromHex(hex);
  return address === null ? null : { address, port: Number.parseInt(portHex, 16) };
}

/**
 * Every socket of one table; lines that do not parse (the header, a torn
 * read) are skipped. Columns: sl, local, remote, st, queues, timer, retrnsmt,
 * uid, timeout, inode, ...
 */
export function parseSocketTable(text: string, protocol: "tcp" | "udp", family: SocketFamily): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !fields[0]!.endsWith(":")) continue;
    const local = endpoint(fields[1], family);
    const remote = endpoint(fields[2], family);
    const state = Number.parseInt(fields[3] ?? "", 16);
    const inode = Number(fields[9]);
    if (!local || !remote || !Number.isInteger(state) || !Number.isSafeInteger(inode)) continue;
    entries.push({ protocol, family, localAddress: local.address, localPort: local.port, remotePort: remote.port, state, inode });
  }
  return entries;
}

/**
 * Whether a socket waits for others: a TCP socket in LISTEN, or a UDP socket
 * bound to a port and connected to no peer (what `ss -lu` lists). A connected
 * UDP socket (a DNS lookup in flight) is a client.
 */
export function isListening(entry: SocketEntry): boolean {
  if (entry.protocol === "tcp") return entry.state === TCP_LISTEN;
  return entry.state === UDP_UNCONNECTED && entry.remotePort === 0 && entry.localPort !== 0;
}

/** Bound to a loopback address only: nothing outside the namespace can reach it. */
export function isLoopbackOnly(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}
