import { readFileSync } from "node:fs";
import type { ForwardProtocol } from "@/lib/forwards";
import { pidNamespaceOf } from "../processes/procfs/container-processes";
import { DEFAULT_PROC_ROOT } from "../processes/procfs/proc-files";
import { readListeningSockets } from "../services/listening-sockets";
import { findSocketOwners } from "../services/socket-owners";

/** net.ipv4.ip_unprivileged_port_start: a regular user may bind from this port up (1024 unless changed). */
export function unprivilegedPortStart(): number {
  try {
    const n = Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8").trim());
    return Number.isInteger(n) && n >= 0 && n <= 65536 ? n : 1024;
  } catch {
    return 1024;
  }
}

/**
 * Who listens on `port` of `protocol` in the host's network namespace (this
 * process's): "node (PID 1234)", "another program" when its holder cannot be
 * seen (another user's, to a regular user), or null when the port is free.
 */
export async function hostPortHolder(protocol: ForwardProtocol, port: number): Promise<string | null> {
  const sockets = (readListeningSockets("self") ?? []).filter((s) => s.protocol === protocol && s.localPort === port);
  if (sockets.length === 0) return null;
  const hostNamespace = pidNamespaceOf(DEFAULT_PROC_ROOT, process.pid);
  const owners = hostNamespace ? await findSocketOwners(new Set(sockets.map((s) => s.inode)), new Set([hostNamespace]), DEFAULT_PROC_ROOT) : new Map();
  const owner = sockets.map((s) => owners.get(s.inode)).find((o) => o !== undefined);
  return owner ? `${owner.program} (PID ${owner.hostPid})` : "another program";
}

/** The ports a suggestion tries for a container port: itself (when allowed), 8000+ its last three digits, then 18000 up. */
export function candidateHostPorts(containerPort: number, minHostPort: number): number[] {
  const candidates = [containerPort, 8000 + (containerPort % 1000)].filter((p) => p >= Math.max(minHostPort, 1024) && p <= 65535);
  for (let p = 18000; p < 18100; p++) candidates.push(p);
  return [...new Set(candidates)];
}
