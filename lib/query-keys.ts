// One place for react-query keys, so a mutation can refresh every view of a container.
export const queryKeys = {
  /** Prefix of every container query: invalidating it refreshes the list and all detail pages. */
  containers: () => ["containers"] as const,
  containerList: () => ["containers", "list"] as const,
  container: (name: string) => ["containers", "detail", name] as const,
  /** Under the containers prefix, so a start or stop refreshes the container's Processes tab at once. */
  containerProcesses: (name: string) => ["containers", "processes", name] as const,
  /** Under the containers prefix too: a stop ends the container's terminal sessions. */
  terminalSessions: (name: string) => ["containers", "terminal-sessions", name] as const,
  /** Under the containers prefix: a start or stop changes what it listens on. */
  containerServices: (name: string) => ["containers", "services", name] as const,
  /** Under the containers prefix: an operation's end (a snapshot made, a restore) refreshes them. */
  snapshots: (name: string) => ["containers", "snapshots", name] as const,
  /** A container's snapshot and backup schedules (the one-line forms on its tabs). */
  schedules: (name: string) => ["containers", "schedules", name] as const,
  /** Every backup list (all, or one container's): an operation's end or an upload refreshes them. */
  backups: (container: string | null) => ["containers", "backups", container ?? "*"] as const,
  /** Every forward with its state (the Ports page, the services' Expose column). */
  forwards: () => ["forwards"] as const,
  /** The host view, for the ranges in use (null) or one typed range. */
  hostProcesses: (range: string | null) => ["processes", range] as const,
  /** Usage history of a container (or the host: null) over a picker range. */
  metricsSeries: (container: string | null, range: string, iface: string | null = null) => ["metrics", "series", container, range, iface] as const,
  metricsSparklines: () => ["metrics", "sparklines"] as const,
  metricsOverview: () => ["metrics", "overview"] as const,
  metricsTokens: () => ["metrics", "tokens"] as const,
  /** The top bar's readiness dot and the every-page banner (pushed by the live stream). */
  hostReadiness: () => ["host-readiness"] as const,
  /** How the server's live state is kept (lxc-monitor up, last reconciliation). */
  liveWatcher: () => ["live", "watcher"] as const,
  /** Activity rows (every view of them: the page, a container's tab). */
  activity: () => ["activity"] as const,
  activityOf: (container: string | null) => ["activity", container ?? "*"] as const,
  // ":" is never in a container name, so this never meets activityOf(name).
  activityLatest: (take: number) => ["activity", ":latest", take] as const,
  /** The bell: the latest alerts and the user's unread count. */
  alerts: () => ["alerts"] as const,
  /** The Hosts page (every target and its health). */
  hosts: () => ["hosts"] as const,
  /** An Incus container's page (under the hosts prefix: a host check refreshes it). */
  hostContainer: (target: string, name: string) => ["hosts", target, "containers", name] as const,
};
