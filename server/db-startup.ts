import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir, sqliteFile } from "./database-url";

/**
 * The database's part of the server's start, with no npx or Prisma CLI at run
 * time: the SQLite file checked (missing after it once existed, or damaged),
 * WAL journal mode set (readers do not block the writer; a crash mid-write
 * leaves the last committed state), and the pending migrations of
 * prisma/migrations applied, recorded in `_prisma_migrations` exactly as
 * `prisma migrate deploy` records them, so either may run after the other.
 *
 * Every failure is a DatabaseStartError: one line naming the file and what to do.
 */
export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
}

/** Marks a data directory whose database has been made: its absence later means it was lost, not new. */
const MADE_MARKER = "database-made";

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** prisma/migrations/<name>/migration.sql in name order (their names start with a UTC timestamp). */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Prisma's timestamps: ISO 8601 with "+00:00". */
const now = (): string => new Date().toISOString().replace("Z", "+00:00");

/**
 * Opens (or, on the first start, creates) the database and brings it up to
 * the newest migration. Returns the names of the migrations applied now.
 */
export function prepareDatabase(migrationsDir: string): string[] {
  const file = sqliteFile();
  if (file === null) return []; // another database: its owner runs `prisma migrate deploy`
  const marker = path.join(dataDir(), MADE_MARKER);
  if (!existsSync(file) && existsSync(marker)) {
    throw new DatabaseStartError(
      `The database ${file} is missing, though this data directory had one (${marker}): restore it from a backup, or delete ${marker} to start over with an empty database (no accounts, no audit log).`,
    );
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { timeout: 10_000 });
  } catch (err) {
    throw new DatabaseStartError(`The database ${file} cannot be opened (${(err as Error).message}): check the file and its directory's permissions.`);
  }
  try {
    checkIntact(sqlite, file);
    sqlite.pragma("journal_mode = WAL");
    const applied = applyMigrations(sqlite, readMigrations(migrationsDir), file);
    if (!existsSync(marker)) writeFileSync(marker, `${file}\n`, { mode: 0o600 });
    return applied;
  } finally {
    sqlite.close();
  }
}

function checkIntact(sqlite: Database.Database, file: string): void {
  let verdict: string;
  try {
    verdict = String(sqlite.pragma("quick_check", { simple: true }));
  } catch (err) {
    verdict = (err as Error).message;
  }
  if (verdict !== "ok") {
    throw new DatabaseStartError(
      `The database ${file} is damaged (${verdict.split("\n")[0]}): restore it from a backup, or move it aside to start with an empty one.`,
    );
  }
}

function applyMigrations(sqlite: Database.Database, migrations: Migration[], file: string): string[] {
  sqlite.exec(MIGRATIONS_TABLE);
  const rows = sqlite
    .prepare(`SELECT migration_name AS name, checksum, finished_at AS finished, rolled_back_at AS rolledBack FROM "_prisma_migrations"`)
    .all() as Array<{ name: string; checksum: string; finished: string | null; rolledBack: string | null }>;
  const failed = rows.find((r) => r.finished === null && r.rolledBack === null);
  if (failed) {
    throw new DatabaseStartError(
      `The migration ${failed.name} failed earlier in ${file}: fix it and mark it with \`npx prisma migrate resolve\`, or restore the database from a backup.`,
    );
  }
  const done = new Set(rows.filter((r) => r.finished !== null).map((r) => r.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const id = randomUUID();
    sqlite
      .prepare(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`)
      .run(id, migration.checksum, migration.name, now());
    try {
      // As `prisma migrate deploy` runs it: the script as written, not wrapped in a transaction
      // (a table redefinition turns foreign keys off, which a transaction would ignore).
      sqlite.exec(migration.sql);
    } catch (err) {
      const message = (err as Error).message;
      sqlite.prepare(`UPDATE "_prisma_migrations" SET logs = ? WHERE id = ?`).run(message, id);
      throw new DatabaseStartError(`The migration ${migration.name} failed in ${file} (${message}): restore the database from a backup.`);
    }
    sqlite.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(now(), id);
    applied.push(migration.name);
  }
  return applied;
}
