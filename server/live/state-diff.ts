import type { ContainerSummary } from "@/lib/container-types";

/** What changed between two views of an lxcpath's containers. */
export interface StateDiff {
  added: ContainerSummary[];
  removed: string[];
  /** Rows whose columns differ; `stateChanged` when the STATE column is among them. */
  changed: Array<{ before: ContainerSummary; after: ContainerSummary; stateChanged: boolean }>;
}

/** Whether two rows show the same thing (address order does not matter; memory within `memorySlack` bytes is the same). */
export function sameRow(a: ContainerSummary, b: ContainerSummary, memorySlack = 0): boolean {
  const sameList = (x: string[], y: string[]) => x.length === y.length && [...x].sort().join() === [...y].sort().join();
  const sameMemory =
    a.memoryBytes === b.memoryBytes ||
    (a.memoryBytes !== null && b.memoryBytes !== null && Math.abs(a.memoryBytes - b.memoryBytes) <= memorySlack);
  return (
    a.name === b.name &&
    a.state === b.state &&
    a.pid === b.pid &&
    sameMemory &&
    a.autostart === b.autostart &&
    a.unprivileged === b.unprivileged &&
    sameList(a.ipv4, b.ipv4) &&
    sameList(a.ipv6, b.ipv6) &&
    (a.addressNote ?? null) === (b.addressNote ?? null) &&
    (a.member ?? null) === (b.member ?? null)
  );
}

/** The diff from `before` to `after` (both keyed by name). */
export function diffStates(
  before: ReadonlyMap<string, ContainerSummary>,
  after: ReadonlyMap<string, ContainerSummary>,
  options: { memorySlack?: number } = {},
): StateDiff {
  const diff: StateDiff = { added: [], removed: [], changed: [] };
  for (const [name, row] of after) {
    const old = before.get(name);
    if (!old) diff.added.push(row);
    else if (!sameRow(old, row, options.memorySlack)) diff.changed.push({ before: old, after: row, stateChanged: old.state !== row.state });
  }
  for (const name of before.keys()) if (!after.has(name)) diff.removed.push(name);
  return diff;
}

/**
 * A row from a reconciliation merged over what the store knows: lxc-ls's
 * state and PID win; the columns the store reads more cheaply and more often
 * (addresses, memory) are kept when lxc-ls was asked without them.
 */
export function mergeReconciled(known: ContainerSummary | undefined, listed: ContainerSummary): ContainerSummary {
  if (!known || known.pid !== listed.pid || listed.state !== "RUNNING") return listed;
  const merged = { ...listed, ipv4: known.ipv4, ipv6: known.ipv6, memoryBytes: known.memoryBytes };
  return known.addressNote === undefined ? merged : { ...merged, addressNote: known.addressNote };
}
