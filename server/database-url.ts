import { mkdirSync } from "node:fs";
import path from "node:path";

/** The data directory: the SQLite database and other state. Created if missing. */
export function dataDir(): string {
  // Resolved at run time; the comment keeps Turbopack from tracing the whole project for it.
  const dir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? "data");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** DATABASE_URL when set (e.g. for PostgreSQL users), else SQLite in DATA_DIR. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${path.join(dataDir(), "dashboard.db")}`;
}

/** The SQLite file behind DATABASE_URL, or null for another kind of database. */
export function sqliteFile(url = databaseUrl()): string | null {
  if (!url.startsWith("file:")) return null;
  return path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length).split("?")[0]!);
}
