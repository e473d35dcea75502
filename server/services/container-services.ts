import type { ListeningService } from "@/lib/services";
import { pidNamespaceOf } from "../processes/procfs/container-processes";
import { DEFAULT_PROC_ROOT } from "../processes/procfs/proc-files";
import type { ContainerRef } from "../processes/procfs/types";
import { existsSync, readFileSync } from "node:fs";
import { processSingleton } from "../process-singleton";
import { readListeningSockets } from "./listening-sockets";
import { isLoopbackOnly, type SocketEntry } from "./parse-proc-net";
import { findSocketOwners, type SocketOwner } from "./socket-owners";

/**
 * A namespace's socket counts (TCP, UDP, TCP6, UDP6 "inuse" of its
 * sockstat files): O(1) to read, where each read of its tcp/tcp6 table walks
 * the kernel's host-wide TCP hash (262144 buckets on a 23 GiB host: 14-60 ms
 * a read). null when the process is gone.
 */
function socketCounts(procRoot: string, pid: number): string | null {
  try {
    const text = readFileSync(`${procRoot}/${pid}/net/sockstat`, "latin1") + readFileSync(`${procRoot}/${pid}/net/sockstat6`, "latin1");
    return [...text.matchAll(/^(TCP6?|UDP6?): inuse (\d+)/gm)].map((m) => `${m[1]}=${m[2]}`).join(" ");
  } catch {
    return null;
  }
}

/**
 * How long a namespace's listening sockets are taken from the last read
 * while its socket counts stay the same. Five minutes: the safety net for a
 * listener swapped for another between two looks with every count the
 * same. At 30 s the re-reads of 50 idle containers' tables were about half
 * of an idle server's CPU (bench/live.ts, with a V8 profile).
 */
const SAME_COUNTS_MAX_AGE_MS = 300_000;

interface TableRead {
  counts: string;
  at: number;
  entries: SocketEntry[];
}

function tableReads(): Map<string, TableRead> {
  return processSingleton("service-table-reads", () => new Map<string, TableRead>());
}

/**
 * A namespace's listening sockets, read again only when its socket counts
 * changed or the last read is SAME_COUNTS_MAX_AGE_MS old: a listener opened
 * or closed changes the counts (a listener swapped for another within that
 * time, with every count the same, shows at the next read).
 */
function listeningSocketsOf(procRoot: string, initPid: number, namespace: string): SocketEntry[] | null {
  const reads = tableReads();
  const key = `${procRoot}:${initPid}:${namespace}`;
  const counts = socketCounts(procRoot, initPid);
  const last = reads.get(key);
  if (counts !== null && last && last.counts === counts && Date.now() - last.at < SAME_COUNTS_MAX_AGE_MS) return last.entries;
  const entries = readListeningSockets(initPid, procRoot);
  if (entries === null) reads.delete(key);
  else if (counts !== null) reads.set(key, { counts, at: Date.now(), entries });
  return entries;
}

/**
 * The services of running containers: for each, the listening sockets of its
 * own network namespace (read through its init's /proc/PID/net, nothing run
 * inside it), each with the program that holds it, found among the
 * container's processes by socket inode. One pass over /proc for all of them.
 * A container whose init has exited meanwhile gets no entry.
 */
export async function readContainerServices(
  containers: readonly ContainerRef[],
  procRoot = DEFAULT_PROC_ROOT,
): Promise<Map<string, ListeningService[]>> {
  const sockets = new Map<string, SocketEntry[]>();
  const namespaces = new Set<string>();
  const inodes = new Set<number>();
  for (const { name, initPid } of containers) {
    const namespace = pidNamespaceOf(procRoot, initPid);
    const found = namespace === null ? null : listeningSocketsOf(procRoot, initPid, namespace);
    if (namespace === null || found === null) continue;
    namespaces.add(namespace);
    sockets.set(name, found);
    for (const entry of found) inodes.add(entry.inode);
  }
  // Reads of containers whose init has gone are forgotten.
  for (const key of tableReads().keys()) {
    const [root, pid] = key.split(":");
    if (!existsSync(`${root}/${pid}`)) tableReads().delete(key);
  }
  const owners = await findSocketOwners(inodes, namespaces, procRoot);
  return new Map([...sockets].map(([name, entries]) => [name, toServices(entries, owners)]));
}

/**
 * One service per protocol, port and program: a dual-stack server's IPv4 and
 * IPv6 sockets (or one per address) become one entry listing its addresses.
 * TCP first, then by port.
 */
export function toServices(entries: readonly SocketEntry[], owners: ReadonlyMap<number, SocketOwner>): ListeningService[] {
  const byKey = new Map<string, ListeningService>();
  for (const entry of entries) {
    const owner = owners.get(entry.inode) ?? null;
    const key = `${entry.protocol}/${entry.localPort}/${owner?.program ?? ""}`;
    const service = byKey.get(key) ?? {
      protocol: entry.protocol,
      port: entry.localPort,
      addresses: [],
      program: owner?.program ?? null,
      pid: owner?.pid ?? null,
      reachable: false,
    };
    if (!service.addresses.includes(entry.localAddress)) service.addresses.push(entry.localAddress);
    service.reachable ||= !isLoopbackOnly(entry.localAddress);
    byKey.set(key, service);
  }
  return [...byKey.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}
