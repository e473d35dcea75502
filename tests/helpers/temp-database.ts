import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareDatabase } from "@/server/db-startup";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

/**
 * A fresh DATA_DIR with the real migrations applied, for integration tests
 * against real SQLite: by the server's own migrate-at-start
 * (server/db-startup.ts, recorded as `prisma migrate deploy` records them),
 * in this process, with no npx or Prisma CLI. Call before anything imports
 * server/db (the client reads DATA_DIR on first use). Returns the cleanup
 * function.
 */
export function useTempDatabase(): { dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-test-"));
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = `file:${path.join(dataDir, "dashboard.db")}`;
  prepareDatabase(MIGRATIONS);
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
