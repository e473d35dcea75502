import type { ProcessSampler } from "./process-sampler";

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

/** A running container as the host view needs it. */
export interface ContainerRef {
  name: string;
  /** Its init process on the host (`lxc-info -n NAME -pH`). */
  initPid: number;
}

export interface ReadProcessesOptions {
  /** Defaults to the shared sampler, which keeps samples between refreshes. */
  sampler?: ProcessSampler;
  /** How long to wait for a baseline sample of processes never sampled before; default 200 ms. */
  primeMs?: number;
  /** Defaults to "/proc"; tests point it at a fake tree. */
  procRoot?: string;
}
