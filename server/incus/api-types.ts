// The parts of Incus's REST API objects the dashboard reads (shared/api in Incus's source).

export interface IncusServerInfo {
  /** "trusted" once the server trusts our certificate (always over the unix socket). */
  auth: "trusted" | "untrusted";
  api_extensions?: string[];
  config?: Record<string, string>;
  environment?: {
    server_name?: string;
    server_version?: string;
    server_clustered?: boolean;
    /** The server's certificate (PEM) and its fingerprint. */
    certificate?: string;
    certificate_fingerprint?: string;
    addresses?: string[];
    kernel_version?: string;
    storage?: string;
  };
}

export interface IncusAddress {
  family: "inet" | "inet6";
  address: string;
  netmask: string;
  scope: string;
}

export interface IncusInstanceState {
  status: string;
  status_code: number;
  pid: number;
  processes: number;
  memory?: { usage?: number; usage_peak?: number };
  cpu?: { usage?: number };
  network?: Record<string, { addresses?: IncusAddress[]; host_name?: string; type?: string; counters?: Record<string, number> }> | null;
  started_at?: string;
}

export interface IncusInstance {
  name: string;
  status: string;
  status_code: number;
  type: "container" | "virtual-machine";
  /** The cluster member it is on ("none" outside a cluster). */
  location: string;
  project: string;
  architecture: string;
  created_at: string;
  last_used_at?: string;
  description?: string;
  ephemeral?: boolean;
  profiles: string[];
  config: Record<string, string>;
  expanded_config?: Record<string, string>;
  devices?: Record<string, Record<string, string>>;
  expanded_devices?: Record<string, Record<string, string>>;
  /** With ?recursion=2 (and GET …/state). */
  state?: IncusInstanceState | null;
  snapshots?: IncusSnapshot[] | null;
}

export interface IncusSnapshot {
  name: string;
  created_at: string;
  stateful: boolean;
  size?: number;
  expires_at?: string;
}

export interface IncusImage {
  fingerprint: string;
  aliases: { name: string; description?: string }[];
  properties?: Record<string, string>;
  architecture: string;
  type: string;
  size: number;
  uploaded_at?: string;
  public?: boolean;
}

export interface IncusClusterMember {
  server_name: string;
  url: string;
  status: string;
  message: string;
  roles?: string[];
  architecture?: string;
  database?: boolean;
}

/** One message of GET /1.0/events. */
export interface IncusEvent {
  type: "lifecycle" | "logging" | "operation" | string;
  timestamp: string;
  location?: string;
  project?: string;
  metadata: {
    action?: string;
    /** e.g. /1.0/instances/web (a lifecycle event's subject). */
    source?: string;
    context?: Record<string, unknown>;
    name?: string;
  };
}
