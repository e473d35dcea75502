import { readFileSync } from "node:fs";
import { DEFAULT_PROC_ROOT } from "../processes/procfs/proc-files";
import { isListening, parseSocketTable, type SocketEntry, type SocketFamily } from "./parse-proc-net";

const TABLES: ReadonlyArray<readonly [file: string, protocol: "tcp" | "udp", family: SocketFamily]> = [
  ["tcp", "tcp", 4],
  ["tcp6", "tcp", 6],
  ["udp", "udp", 4],
  ["udp6", "udp", 6],
];

/**
 * A table's text read to its end (a busy host's tcp table runs to megabytes;
 * readFileSync reads a size-0 /proc file until EOF), or null when the
 * process is gone or the table does not exist (no IPv6 in the kernel).
 */
function readTable(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH" || code === "EACCES" || code === "EPERM") return null;
    throw error;
  }
}

/**
 * The listening sockets of the network namespace `pid` is in ("self": this
 * process's, the host's own), from its four socket tables; null when the
 * process is gone.
 */
export function readListeningSockets(pid: number | "self", procRoot = DEFAULT_PROC_ROOT): SocketEntry[] | null {
  const found: SocketEntry[] = [];
  let readAny = false;
  for (const [file, protocol, family] of TABLES) {
    const text = readTable(`${procRoot}/${pid}/net/${file}`);
    if (text === null) continue;
    readAny = true;
    for (const entry of parseSocketTable(text, protocol, family)) if (isListening(entry)) found.push(entry);
  }
  return readAny ? found : null;
}
