import { sqliteFile } from "./database-url";

/**
 * The database held by another process past the busy timeout (a `sqlite3`
 * shell in a transaction, a backup tool): Prisma's P1008 with SQLite's
 * SQLITE_BUSY underneath. Requests wait DATABASE_BUSY_TIMEOUT_MS first; past
 * that they answer with this sentence, having changed nothing.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } }; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.meta?.driverAdapterError?.cause?.originalCode === "SQLITE_BUSY") return true;
  return e.code === "P1008" || (typeof e.message === "string" && /database is locked|SQLITE_BUSY/.test(e.message));
}

export function databaseBusyMessage(): string {
  const file = sqliteFile();
  return `The database${file ? ` (${file})` : ""} is locked by another program and did not free up in time; nothing was done. Try again in a moment.`;
}
