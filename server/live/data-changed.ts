import type { ContainerData } from "@/lib/live-events";
import { publishLive } from "./live-bus";

/**
 * Tells every open tab that `what` changed for `container` (null: for any
 * container, or the whole list), so the views of it on screen ask again:
 * the container page's Snapshots, Backups, schedules and Services tables
 * follow these pushes instead of polling. Snapshots come from the lxcpath
 * watch (server/live/lxcpath-watch.ts), backups from the backup directory's
 * (server/backups/backup-dir-watch.ts), schedules and forwards from their
 * stores.
 */
export function publishDataChanged(what: ContainerData, container: string | null): void {
  publishLive({ type: "data", what, container });
}
