import { stat } from "node:fs/promises";
import path from "node:path";
import type { ScheduleKind } from "@/lib/schedule-schemas";
import { scheduleIdOfComment } from "@/lib/snapshot-schemas";
import { listBackups } from "../backups/backup-dir";
import { removeBackup } from "../backups/backup-service";
import type { Who } from "../containers/who";
import { listSnapshots } from "../snapshots/snapshot-ops";
import { removeSnapshot } from "../snapshots/snapshot-service";

/**
 * Keeps the last `keep` snapshots or backups a schedule made and deletes the
 * older ones (each deletion an audit row); what a person made by hand, or
 * another schedule, is never touched. Returns the names deleted.
 */
export async function applyRetention(who: Who, container: string, kind: ScheduleKind, scheduleId: number, keep: number): Promise<string[]> {
  const removed: string[] = [];
  if (kind === "snapshot") {
    const own = await madeOrder((await listSnapshots(container)).filter((s) => scheduleIdOfComment(s.comment) === scheduleId));
    for (const s of own.slice(0, Math.max(0, own.length - keep))) {
      const r = await removeSnapshot(who, container, s.name);
      if (r.ok) removed.push(s.name);
    }
    return removed;
  }
  const own = (await listBackups(container)).filter((b) => b.scheduleId === scheduleId).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  for (const b of own.slice(0, Math.max(0, own.length - keep))) {
    const r = await removeBackup(who, b.name);
    if (r.ok) removed.push(b.name);
  }
  return removed;
}

/**
 * Snapshots oldest first. Not by name: lxc-snapshot takes the lowest free
 * snapN, so once retention deleted snap1 the next one is snap1 again. Not by
 * the listed time alone: it has whole seconds. The ts file lxc-snapshot
 * writes as it makes one keeps its write time in nanoseconds.
 */
async function madeOrder<T extends { name: string; dir: string; createdAt: Date }>(snapshots: T[]): Promise<T[]> {
  const keyed = await Promise.all(
    snapshots.map(async (s) => ({ s, at: (await stat(path.join(s.dir, s.name, "ts"), { bigint: true }).catch(() => null))?.mtimeNs ?? BigInt(s.createdAt.getTime()) * 1_000_000n })),
  );
  return keyed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((k) => k.s);
}
