/**
 * The host readiness checklist as both sides see it: the server's checks
 * (server/host/) produce it, the /host page, the top bar's dot and
 * scripts/check-host.ts show it.
 */

export type CheckState = "ok" | "missing" | "wrong";

export type CheckId =
  | "lxc-tools"
  | "kernel"
  | "bridge"
  | "subordinate-ids"
  | "default-conf"
  | "usernet"
  | "cgroups"
  | "disk"
  | "forwarding";

export interface ReadinessRow {
  id: CheckId;
  title: string;
  state: CheckState;
  /** What the check found, in words ("sub-user range is 100000 65536"). */
  found: string;
  /** The exact command that fixes it, as a person would type it on the host; null when ok or no command can. */
  fix: string | null;
  /** Without it the dashboard cannot create or run networked containers (the banner shows while one is not ok). */
  essential: boolean;
  /** Whether the dashboard itself may run the fix (it has the right: root, or the user's own file). */
  canApply: boolean;
}

export interface ReadinessReport {
  /** The user the checks were made for (the one the dashboard runs as). */
  user: string;
  root: boolean;
  rows: ReadinessRow[];
  checkedAt: string;
}

/** What the top bar and the every-page banner need: ready or not, and what is not. */
export interface ReadinessSummary {
  ready: boolean;
  problems: Array<Pick<ReadinessRow, "id" | "title" | "state" | "found" | "fix">>;
  checkedAt: string;
}

export function essentialProblems(rows: readonly ReadinessRow[]): ReadinessRow[] {
  return rows.filter((r) => r.essential && r.state !== "ok");
}

export function readinessSummary(report: ReadinessReport): ReadinessSummary {
  const problems = essentialProblems(report.rows).map(({ id, title, state, found, fix }) => ({ id, title, state, found, fix }));
  return { ready: problems.length === 0, problems, checkedAt: report.checkedAt };
}

export const STATE_LABEL: Record<CheckState, string> = { ok: "OK", missing: "Missing", wrong: "Needs attention" };
