// Shapes of processes as the /proc reader reports them and the API serves them; shared by server and browser.

/** One process as the container's Processes tab shows it: the host's view and the container's side by side. */
export interface ProcessRow {
  hostPid: number;
  /** The PID inside the process's own PID namespace (the last NSpid entry). */
  pid: number;
  hostPpid: number;
  /** The parent's PID inside the namespace; 0 when the parent is outside it (init, lxc-attach'ed processes). */
  ppid: number;
  /** Effective uid on the host (what top's UID column shows). */
  hostUid: number;
  /** The same uid inside the container, through its uid_map; null when unmapped or no container is known. */
  uid: number | null;
  /** The name of `uid` in the container's own /etc/passwd; null when it has none. */
  user: string | null;
  /** Effective gid on the host. */
  hostGid: number;
  gid: number | null;
  /** One letter as ps and top show it: R running, S sleeping, D disk wait, Z zombie, T stopped, t traced, I idle. */
  state: string;
  /** Share of one CPU since the previous sample, as top's default (Irix) mode: may exceed 100. */
  cpuPercent: number;
  /** Resident memory (VmRSS). */
  rssBytes: number;
  threads: number;
  /** Epoch milliseconds. Pass it back when signalling, to guard against PID reuse. */
  startTime: number;
  /** The full command line, arguments joined by spaces; "[comm]" when it has none (kernel threads, zombies). */
  command: string;
}

/** A row of the host view: a process in a uid range, labelled with its container. */
export interface HostProcessRow extends ProcessRow {
  /** The container whose PID namespace holds the process; null = "no container". */
  container: string | null;
}

/** What the totals line over a process table sums up. */
export interface ProcessTotals {
  processes: number;
  /** Sum of the rows' CPU%, in shares of one CPU as top's Irix mode: may exceed 100. */
  cpuPercent: number;
  /** Sum of resident memory; pages shared between processes count once per process, as top's RES does. */
  rssBytes: number;
}

export function processTotals(rows: readonly ProcessRow[]): ProcessTotals {
  let cpuPercent = 0;
  let rssBytes = 0;
  for (const row of rows) {
    cpuPercent += row.cpuPercent;
    rssBytes += row.rssBytes;
  }
  return { processes: rows.length, cpuPercent, rssBytes };
}

/** GET /api/containers/NAME/processes (404 → { error }); a stopped container is not an error. */
export type ContainerProcessesResponse =
  | { running: false; processes: [] }
  | { running: true; processes: ProcessRow[]; totals: ProcessTotals };

/** A host uid range the host view reads, and why: which containers map to it, whose subordinate range it is. */
export interface UidRangeInUse {
  from: number;
  to: number;
  /** E.g. ["root's subordinate uids", "container web"]; empty for a range typed into the page. */
  owners: string[];
}

/** GET /api/processes[?range=FROM-TO] (400 → { error } for a bad range; 403 → { error } for a viewer's range outside those in use). */
export interface HostProcessesResponse {
  ranges: UidRangeInUse[];
  processes: HostProcessRow[];
  totals: ProcessTotals;
}

/** The signals the Processes tab offers; anything else is refused before any lookup. */
export const PROCESS_SIGNALS = ["SIGTERM", "SIGKILL"] as const;

export type ProcessSignal = (typeof PROCESS_SIGNALS)[number];

/** What the signal action asks for: the row as the admin saw it (startTime guards against PID reuse). */
export interface SignalRequest {
  hostPid: number;
  startTime: number;
  signal: ProcessSignal;
}

/** The kill(1) command a signal request amounts to, as the confirmation and the audit log show it. */
export function killCommand(signal: ProcessSignal, hostPid: number): string {
  return `kill -${signal.replace(/^SIG/, "")} ${hostPid}`;
}

/**
 * GET /api/hosts/TARGET/containers/NAME/processes: an Incus container's
 * processes, and where they were read. On this machine: /proc, as a classic
 * container's (host and container ids side by side). On a remote host:
 * `ps` run inside the container through Incus's exec, so ids are the
 * container's own and CPU% is not measured.
 */
export type HostContainerProcessesResponse = ContainerProcessesResponse & { source: "proc" | "ps-inside"; sourceNote: string };
