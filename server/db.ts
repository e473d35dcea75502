import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./database-url";
import { processSingleton } from "./process-singleton";

/**
 * How long a query waits for another process's lock on the SQLite file
 * (SQLite's busy_timeout) before it fails with "database is locked": longer
 * than a backup or a `sqlite3` shell usually holds one, so such a lock only
 * delays requests. Past it, the request says so (db-errors.ts).
 */
export const DATABASE_BUSY_TIMEOUT_MS = 15_000;

// One client per process (processSingleton): the custom server and Next's
// server bundle each load this module.
export function db(): PrismaClient {
  return processSingleton("prisma", () => new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl(), timeout: DATABASE_BUSY_TIMEOUT_MS }) }));
}
