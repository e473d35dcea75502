// Activity as the pages show it: state changes and services' rows merged in time with the audit rows.

export type ActivityLevel = "info" | "warning" | "error";

/** One row of the Activity page or a container's Activity tab. */
export interface ActivityItem {
  /** "e12" for an activity row, "a34" for an audit row: unique across both. */
  key: string;
  at: string;
  container: string | null;
  /** Who: a user or service when the dashboard did it; null when it happened outside the dashboard. */
  actor: string | null;
  /** What happened, in a few words: "stopped", "exited with status 137", "stop (ok)". */
  what: string;
  level: ActivityLevel;
  /** The exact command, for an audit row. */
  command: string | null;
  source: "state" | "audit";
}

/** GET /api/activity */
export interface ActivityResponse {
  items: ActivityItem[];
  /** Pass as ?before= for the next (older) page; null when there is none. */
  nextBefore: string | null;
}

export const OUTSIDE_THE_DASHBOARD = "outside the dashboard";
