import { readdirSync, readlinkSync } from "node:fs";
import { listPids, readProcText } from "../processes/procfs/proc-files";
import { parseProcStatus } from "../processes/procfs/parse-status";
import { READ_BATCH, yieldToEventLoop } from "../processes/procfs/read-process";
import { pidNamespaceOf } from "../processes/procfs/container-processes";
import { processSingleton } from "../process-singleton";

export interface SocketOwner {
  hostPid: number;
  /** Its PID inside its own PID namespace (the last of NSpid). */
  pid: number;
  /** The kernel's name of the program (comm), as `ss -p` shows it. */
  program: string;
}

/** The kernel's numbers in /proc/PID/fdinfo/N: "mnt_id" (which mount the file is on) and "ino". */
function fdinfoNumbers(text: string): { mnt: number; ino: number } | null {
  const mnt = /^mnt_id:\s*(\d+)$/m.exec(text);
  const ino = /^ino:\s*(\d+)$/m.exec(text);
  return mnt && ino ? { mnt: Number(mnt[1]), ino: Number(ino[1]) } : null;
}

let sockfsMount: number | null | undefined;

/**
 * The mount id of sockfs, where every socket's inode lives, read off one of
 * this process's own sockets (it always has one: the server's): an inode
 * number alone could also be a file's on another file system.
 */
function sockfsMountId(): number | null {
  if (sockfsMount !== undefined) return sockfsMount;
  sockfsMount = null;
  for (const fd of readdirSync("/proc/self/fd")) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return "";
      }
    })();
    if (!link.startsWith("socket:[")) continue;
    const numbers = fdinfoNumbers(readProcText(`/proc/self/fdinfo/${fd}`) ?? "");
    if (numbers) return (sockfsMount = numbers.mnt);
  }
  return sockfsMount;
}

/**
 * The inodes of the sockets a process holds open, from the "socket:[N]" links
 * in /proc/PID/fd. A regular user running the dashboard may not list the fd
 * directory of its own containers' processes (their host uid is not its
 * own), but may read their fdinfo (the kernel checks that as ptrace access,
 * which the owner of their user namespace has): there each file's "ino" on
 * sockfs's mount is a socket's inode.
 */
function socketInodes(procRoot: string, hostPid: number, sockfsMnt: () => number | null): number[] {
  let fds: string[];
  try {
    fds = readdirSync(`${procRoot}/${hostPid}/fd`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "EACCES" || code === "EPERM" ? socketInodesFromFdinfo(procRoot, hostPid, sockfsMnt()) : [];
  }
  const inodes: number[] = [];
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`${procRoot}/${hostPid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (target.startsWith("socket:[")) inodes.push(Number(target.slice(8, -1)));
  }
  return inodes;
}

export function socketInodesFromFdinfo(procRoot: string, hostPid: number, sockfsMnt: number | null): number[] {
  if (sockfsMnt === null) return [];
  let fds: string[];
  try {
    fds = readdirSync(`${procRoot}/${hostPid}/fdinfo`);
  } catch {
    return []; // exited, or not ours to look into
  }
  return fds.flatMap((fd) => {
    const numbers = fdinfoNumbers(readProcText(`${procRoot}/${hostPid}/fdinfo/${fd}`) ?? "");
    return numbers && numbers.mnt === sockfsMnt ? [numbers.ino] : [];
  });
}

function ownerOf(procRoot: string, hostPid: number): SocketOwner | null {
  const comm = readProcText(`${procRoot}/${hostPid}/comm`);
  const status = parseProcStatus(readProcText(`${procRoot}/${hostPid}/status`) ?? "");
  if (comm === null || !status) return null;
  return { hostPid, pid: status.nspid.at(-1)!, program: comm.replace(/\n$/, "") };
}

/** What the last walk learnt of one process: its PID namespace, and (in a namespace asked about) its sockets and who it is. */
interface KnownProcess {
  ns: string | null;
  /** null until read: only processes of the namespaces asked about are. */
  inodes: number[] | null;
  owner?: SocketOwner | null;
}

interface OwnerCache {
  processes: Map<number, KnownProcess>;
  /** Inodes no process held at the last full walk (held by the kernel alone, or in a nested namespace): no reason to walk again. */
  unowned: Set<number>;
}

/** One cache per proc root (tests use fake ones), for the whole process (processSingleton: Next's bundle and the server share it). */
function ownerCache(procRoot: string): OwnerCache {
  const all = processSingleton("socket-owner-cache", () => new Map<string, OwnerCache>());
  let cache = all.get(procRoot);
  if (!cache) all.set(procRoot, (cache = { processes: new Map(), unowned: new Set() }));
  return cache;
}

function collect(
  procRoot: string,
  hostPid: number,
  known: KnownProcess,
  inodes: ReadonlySet<number>,
  owners: Map<number, SocketOwner>,
): void {
  for (const inode of known.inodes ?? []) {
    if (!inodes.has(inode) || owners.has(inode)) continue;
    if (known.owner === undefined) known.owner = ownerOf(procRoot, hostPid);
    if (known.owner) owners.set(inode, known.owner);
  }
}

/**
 * Who holds each of `inodes`: a process of one of the PID namespaces in
 * `namespaces` (the containers' processes, as the process view finds them)
 * with an fd linking to the socket; the lowest PID wins when several share a
 * socket (a master process and its workers). Finding that means reading
 * /proc/PID/fd of every process (about 2 s with 50 containers), so what a walk
 * learnt is kept: a call reads only processes that are new since the last
 * one (their PID namespace, and their fds when in a namespace asked about),
 * forgets those gone, and walks the namespaces' processes' fds again only
 * when an inode turns up that no known process holds (a socket opened since).
 */
export async function findSocketOwners(
  inodes: ReadonlySet<number>,
  namespaces: ReadonlySet<string>,
  procRoot: string,
  sockfsMnt: () => number | null = sockfsMountId,
): Promise<Map<number, SocketOwner>> {
  const owners = new Map<number, SocketOwner>();
  if (inodes.size === 0) return owners;
  const cache = ownerCache(procRoot);
  const pids = listPids(procRoot).sort((a, b) => a - b);
  const alive = new Set(pids);
  for (const pid of cache.processes.keys()) if (!alive.has(pid)) cache.processes.delete(pid);

  let reads = 0;
  const inScope: number[] = [];
  for (const hostPid of pids) {
    let known = cache.processes.get(hostPid);
    if (!known) {
      if (++reads % READ_BATCH === 0) await yieldToEventLoop();
      known = { ns: pidNamespaceOf(procRoot, hostPid), inodes: null };
      cache.processes.set(hostPid, known);
    }
    if (known.ns === null || !namespaces.has(known.ns)) continue;
    inScope.push(hostPid);
    if (known.inodes === null) known.inodes = socketInodes(procRoot, hostPid, sockfsMnt);
    collect(procRoot, hostPid, known, inodes, owners);
  }

  const missing = [...inodes].filter((inode) => !owners.has(inode) && !cache.unowned.has(inode));
  if (missing.length > 0) {
    owners.clear();
    for (const [index, hostPid] of inScope.entries()) {
      if (index % READ_BATCH === READ_BATCH - 1) await yieldToEventLoop();
      const known = cache.processes.get(hostPid)!;
      known.inodes = socketInodes(procRoot, hostPid, sockfsMnt);
      known.owner = undefined; // it may have exec'd another program since
      collect(procRoot, hostPid, known, inodes, owners);
    }
    cache.unowned = new Set([...inodes].filter((inode) => !owners.has(inode)));
  }
  return owners;
}
