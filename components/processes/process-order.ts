import type { ProcessRow } from "@/lib/process-types";
import type { SortDirection } from "@/components/ui/table";

export type ProcessSortKey = "pid" | "user" | "cpu" | "memory";

export interface ProcessSort {
  key: ProcessSortKey;
  direction: SortDirection;
}

/** Busiest first, as top opens. */
export const DEFAULT_PROCESS_SORT: ProcessSort = { key: "cpu", direction: "descending" };

/** A row as the table shows it: its depth in the tree view (0 in the flat view). */
export interface DisplayRow<R extends ProcessRow> {
  row: R;
  depth: number;
}

/** The identity of a process across refreshes: a reused PID has another start time. */
export function processKey(row: ProcessRow): string {
  return `${row.hostPid}@${row.startTime}`;
}

/** A header click: the same column flips, a new one starts in its natural order (numbers high first, names A–Z). */
export function nextSort(current: ProcessSort, key: ProcessSortKey): ProcessSort {
  if (current.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { key, direction: key === "cpu" || key === "memory" ? "descending" : "ascending" };
}

function userOrder(a: ProcessRow, b: ProcessRow): number {
  return (a.user ?? "").localeCompare(b.user ?? "") || (a.uid ?? a.hostUid) - (b.uid ?? b.hostUid);
}

const primary: Record<ProcessSortKey, (a: ProcessRow, b: ProcessRow) => number> = {
  pid: (a, b) => a.pid - b.pid,
  user: userOrder,
  cpu: (a, b) => a.cpuPercent - b.cpuPercent,
  memory: (a, b) => a.rssBytes - b.rssBytes,
};

/** Ties fall back to the host PID, so equal rows keep their places from one refresh to the next. */
export function compareProcesses(sort: ProcessSort): (a: ProcessRow, b: ProcessRow) => number {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return (a, b) => sign * primary[sort.key](a, b) || a.hostPid - b.hostPid;
}

/** Rows whose command, user, PID, host PID or uid contains the text (case-insensitive). */
export function filterProcesses<R extends ProcessRow>(rows: readonly R[], text: string): R[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...rows];
  return rows.filter((row) =>
    [row.command, row.user ?? "", row.pid, row.hostPid, row.hostUid, row.uid ?? ""].some((field) =>
      String(field).toLowerCase().includes(needle),
    ),
  );
}

/**
 * The rows in display order: sorted, or (tree) each process under its parent
 * with siblings sorted, like htop's tree view. A process whose parent is not
 * among the rows (init, or a parent filtered out) starts a tree of its own.
 */
export function orderProcesses<R extends ProcessRow>(rows: readonly R[], sort: ProcessSort, tree: boolean): DisplayRow<R>[] {
  const sorted = [...rows].sort(compareProcesses(sort));
  if (!tree) return sorted.map((row) => ({ row, depth: 0 }));

  const present = new Set(sorted.map((row) => row.hostPid));
  const children = new Map<number, R[]>();
  for (const row of sorted) {
    if (!present.has(row.hostPpid) || row.hostPpid === row.hostPid) continue;
    const siblings = children.get(row.hostPpid) ?? [];
    siblings.push(row);
    children.set(row.hostPpid, siblings);
  }
  const ordered: DisplayRow<R>[] = [];
  const placed = new Set<number>();
  const visit = (row: R, depth: number) => {
    // Host PIDs are unique, so a parent chain cannot loop; the guard only protects against odd input.
    if (placed.has(row.hostPid)) return;
    placed.add(row.hostPid);
    ordered.push({ row, depth });
    for (const child of children.get(row.hostPid) ?? []) visit(child, depth + 1);
  };
  for (const row of sorted) {
    if (!present.has(row.hostPpid) || row.hostPpid === row.hostPid) visit(row, 0);
  }
  return ordered;
}

/** The host view's groups: one per container, by name, then the processes of no container. */
export function groupByContainer<R extends ProcessRow & { container: string | null }>(
  rows: readonly R[],
): Array<{ container: string | null; rows: R[] }> {
  const groups = new Map<string | null, R[]>();
  for (const row of rows) {
    const group = groups.get(row.container) ?? [];
    group.push(row);
    groups.set(row.container, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([container, members]) => ({ container, rows: members }));
}
