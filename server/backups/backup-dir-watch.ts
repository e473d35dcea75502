import { watch, type FSWatcher } from "node:fs";
import { publishDataChanged } from "../live/data-changed";
import { processSingleton } from "../process-singleton";
import { backupDir } from "./backup-dir";

/**
 * fs.watch (inotify) on the backup directory: an archive renamed into place
 * when a backup finishes, deleted, uploaded or copied in by hand tells every
 * tab's Backups tables to ask again (debounced; the .partial file being
 * written does not count). A directory that does not exist yet (no backup
 * made) is looked for again every 10 s.
 */
const DEBOUNCE_MS = 100;
const RETRY_MS = 10_000;

export interface BackupDirWatch {
  close(): void;
}

export function watchBackupDir(dir: string = backupDir(), onChange: () => void = () => publishDataChanged("backups", null)): BackupDirWatch {
  let watcher: FSWatcher | null = null;
  let retry: NodeJS.Timeout | undefined;
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (!closed) onChange();
    }, DEBOUNCE_MS);
    pending.unref();
  };
  const again = () => {
    watcher?.close();
    watcher = null;
    if (closed) return;
    retry = setTimeout(start, RETRY_MS);
    retry.unref();
  };
  function start() {
    if (closed) return;
    try {
      watcher = watch(dir, { persistent: false }, (_event, file) => {
        if (file === null || !file.endsWith(".partial")) changed();
      });
      watcher.on("error", again);
      // Made since we last looked: what is in it is news to a tab that listed it empty.
      if (retry) changed();
    } catch {
      again();
    }
  }
  start();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      clearTimeout(pending);
      watcher?.close();
    },
  };
}

/** The dashboard's own watch, once per process (server/index.ts starts it). */
export function startBackupDirWatch(): BackupDirWatch {
  return processSingleton("backup-dir-watch", () => watchBackupDir());
}
