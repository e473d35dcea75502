import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A fresh DATA_DIR with the real migrations applied, for integration tests
 * against real SQLite. Call before anything imports server/db (the client
 * reads DATA_DIR on first use). Returns the cleanup function.
 */
export function useTempDatabase(): { dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-test-"));
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = `file:${path.join(dataDir, "dashboard.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "pipe", env: process.env });
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
