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
  /** The host view, for the ranges in use (null) or one typed range. */
  hostProcesses: (range: string | null) => ["processes", range] as const,
};
