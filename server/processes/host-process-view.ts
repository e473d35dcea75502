import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { processTotals, type HostProcessesResponse, type UidRangeInUse } from "@/lib/process-types";
import type { UidRange } from "@/lib/uid-range";
import { containerConfigPath, findSubordinateRange, listContainers, parseContainerConfig, type ContainerSummary } from "../lxc";
import type { ContainerRef } from "./procfs/types";
import { readProcessesByUidRanges } from "./procfs/uid-range-processes";

/** One reason to read a uid range: a container's idmap or a user's subordinate range. */
export interface OwnedUidRange extends UidRange {
  owner: string;
}

/** Ranges with the same bounds become one, naming all their owners; ordered by their first uid. */
export function mergeUidRanges(ranges: readonly OwnedUidRange[]): UidRangeInUse[] {
  const byBounds = new Map<string, UidRangeInUse>();
  for (const { from, to, owner } of ranges) {
    const key = `${from}-${to}`;
    const merged = byBounds.get(key) ?? { from, to, owners: [] };
    if (!merged.owners.includes(owner)) merged.owners.push(owner);
    byBounds.set(key, merged);
  }
  return [...byBounds.values()].sort((a, b) => a.from - b.from || a.to - b.to);
}

/** The host uids a container's config maps its own uids to; none for a privileged container. */
async function containerUidRanges(name: string): Promise<OwnedUidRange[]> {
  // A container destroyed since lxc-ls listed it, or with a name outside our rule, maps nothing we can read.
  const text = await Promise.resolve()
    .then(() => readFile(containerConfigPath(name), "utf8"))
    .catch(() => "");
  return parseContainerConfig(text)
    .idmap.filter((entry) => entry.kind === "u" && entry.count > 0)
    .map((entry) => ({ from: entry.hostId, to: entry.hostId + entry.count - 1, owner: `container ${name}` }));
}

/** The running user's own subordinate uids (/etc/subuid): where its next unprivileged container's processes will run. */
async function ownSubordinateRange(): Promise<OwnedUidRange[]> {
  const { username, uid } = userInfo();
  const range = findSubordinateRange(await readFile("/etc/subuid", "utf8").catch(() => ""), { name: username, uid });
  return range ? [{ from: range.start, to: range.start + range.count - 1, owner: `${username}'s subordinate uids` }] : [];
}

/** Every subordinate uid range in use: the idmaps of the existing containers and the running user's own range. */
export async function uidRangesInUse(containers: readonly ContainerSummary[]): Promise<UidRangeInUse[]> {
  const perContainer = await Promise.all(containers.map((c) => containerUidRanges(c.name)));
  return mergeUidRanges([...(await ownSubordinateRange()), ...perContainer.flat()]);
}

/** What a viewer is told for a range outside those in use. */
export const RANGE_NOT_IN_USE =
  "Only an admin can list processes outside the subordinate uid ranges in use (the containers' idmaps and the dashboard user's /etc/subuid range).";

/**
 * Whether `asked` lies within one of the ranges in use: all a viewer may list.
 * Other uids are the host's own (root's command lines may hold secrets).
 */
export function rangeIsInUse(asked: UidRange, inUse: readonly UidRange[]): boolean {
  return inUse.some((range) => asked.from >= range.from && asked.to <= range.to);
}

/**
 * One refresh of the host view: what `top -U <uid>` shows for every uid of
 * the ranges in use, or of the one range asked for, each process labelled with
 * the running container whose PID namespace holds it. null when the range
 * asked for is not within the ranges in use and `anyRange` (an admin) is not set.
 */
export async function hostProcessView(): Promise<HostProcessesResponse>;
export async function hostProcessView(asked: UidRange, options?: { anyRange?: boolean }): Promise<HostProcessesResponse | null>;
export async function hostProcessView(asked?: UidRange, { anyRange = false } = {}): Promise<HostProcessesResponse | null> {
  const containers = await listContainers();
  const inUse = asked && anyRange ? [] : await uidRangesInUse(containers);
  if (asked && !anyRange && !rangeIsInUse(asked, inUse)) return null;
  const ranges = asked ? [{ ...asked, owners: [] }] : inUse;
  const running: ContainerRef[] = containers.flatMap((c) => (c.pid === null ? [] : [{ name: c.name, initPid: c.pid }]));
  const processes = ranges.length === 0 ? [] : await readProcessesByUidRanges(ranges, running);
  return { ranges, processes, totals: processTotals(processes) };
}
