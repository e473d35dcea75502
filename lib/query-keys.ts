// One place for react-query keys, so a mutation can refresh every view of a container.
export const queryKeys = {
  /** Prefix of every container query: invalidating it refreshes the list and all detail pages. */
  containers: () => ["containers"] as const,
  containerList: () => ["containers", "list"] as const,
  container: (name: string) => ["containers", "detail", name] as const,
};
