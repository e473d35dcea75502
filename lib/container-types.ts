// Shapes of containers as the adapter reports them; shared by server and browser.
/** States as lxc-ls/lxc-info print them. */
export type ContainerState =
  | "RUNNING"
  | "STOPPED"
  | "FROZEN"
  | "STARTING"
  | "STOPPING"
  | "ABORTING"
  | "FREEZING"
  | "THAWED"
  /** Incus's "Error" (an instance its daemon could not run); never printed by lxc-ls. */
  | "ERROR";

/** One row of `lxc-ls -f -F NAME,STATE,PID,RAM,AUTOSTART,IPV4,IPV6,UNPRIVILEGED`. */
export interface ContainerSummary {
  name: string;
  state: ContainerState;
  /** Init PID on the host; null when not running. */
  pid: number | null;
  /** Memory use in bytes; null when not running or unknown. */
  memoryBytes: number | null;
  autostart: boolean;
  ipv4: string[];
  ipv6: string[];
  unprivileged: boolean;
  /**
   * Why a running container shows no address, when the host's network is
   * the reason ("no address: lxcbr0's DHCP (dnsmasq) is not running"); absent
   * otherwise.
   */
  addressNote?: string;
  /**
   * The host target it lives on when that is not this machine's classic LXC
   * (server/hosts: an Incus daemon, local or remote); absent for classic containers.
   */
  target?: string;
  /** The cluster member it runs on (Incus clusters); absent or null elsewhere. */
  member?: string | null;
}

/** One lxc.idmap line: container ids [containerId, containerId+count) map to host ids from hostId. */
export interface IdMapEntry {
  kind: "u" | "g";
  containerId: number;
  hostId: number;
  count: number;
}

export interface ContainerDetail extends ContainerSummary {
  idmap: IdMapEntry[];
  rootfsPath: string;
  /** Bytes used on disk by the rootfs; null when it cannot be measured. */
  rootfsBytes: number | null;
  configPath: string;
  configText: string;
}

export type TemplateName = "busybox" | "download" | "debian";

export type CreateRequest =
  | { template: "busybox"; name: string; unprivileged: boolean; autostart: boolean; start: boolean }
  | {
      template: "download";
      name: string;
      unprivileged: boolean;
      autostart: boolean;
      start: boolean;
      dist: string;
      release: string;
      arch: string;
      variant: string;
      server?: string;
      /** From the local cache even if expired, never the network (lxc-download --force-cache). */
      cached?: boolean;
    }
  | { template: "debian"; name: string; unprivileged: boolean; autostart: boolean; start: boolean; release: string };
