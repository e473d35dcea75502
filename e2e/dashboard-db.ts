import Database from "better-sqlite3";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";

/**
 * The e2e server's own database (E2E_DATA_DIR/dashboard.db), read to check
 * what a request changed: the audit log, accounts. Read-only, except for
 * `expiredSessionCookie`, which plants a session whose lifetime is over.
 */

/** The e2e server's data directory; a spec that starts a server of its own passes that one's. */
function e2eDataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

function withDb<T>(readonly: boolean, fn: (db: Database.Database) => T, dataDir = e2eDataDir()): T {
  const db = new Database(path.join(dataDir, "dashboard.db"), { readonly, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export interface AuditRow {
  id: number;
  actor: string;
  address: string | null;
  action: string;
  container: string | null;
  outcome: string;
  detail: string | null;
}

export interface UserRow {
  id: number;
  name: string;
  role: string;
  disabled: number;
  passwordHash: string;
}

/** The newest audit row's id: rows written after it are what a request caused. */
export function lastAuditId(dataDir?: string): number {
  return withDb(true, (db) => (db.prepare("SELECT max(id) AS id FROM AuditEntry").get() as { id: number | null }).id ?? 0, dataDir);
}

export function auditRowsAfter(id: number, dataDir?: string): AuditRow[] {
  return withDb(
    true,
    (db) =>
      db
        .prepare("SELECT id, actor, address, action, container, outcome, detail FROM AuditEntry WHERE id > ? ORDER BY id")
        .all(id) as AuditRow[],
    dataDir,
  );
}

export function userRow(name: string): UserRow | undefined {
  return withDb(true, (db) =>
    db.prepare("SELECT id, name, role, disabled, passwordHash FROM User WHERE name = ?").get(name) as UserRow | undefined,
  );
}

export function userNames(dataDir?: string): string[] {
  return withDb(true, (db) => (db.prepare("SELECT name FROM User ORDER BY name").all() as { name: string }[]).map((r) => r.name), dataDir);
}

/**
 * A cookie for a fresh session of `name` that expired long ago — as if
 * SESSION_MAX_HOURS had passed — for the "expired cookie" cases. Its dates
 * are the account's creation time, copied in the database's own format. The
 * server deletes the row on first sight, so each case plants its own.
 */
export function expiredSessionCookie(name: string): string {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = createHash("sha256").update(token).digest("hex");
  withDb(false, (db) => {
    const r = db
      .prepare(
        "INSERT INTO Session (tokenHash, userId, createdAt, lastSeenAt, expiresAt) SELECT ?, id, createdAt, createdAt, createdAt FROM User WHERE name = ?",
      )
      .run(tokenHash, name);
    if (r.changes !== 1) throw new Error(`no user ${name} to plant an expired session for`);
  });
  return `lxcd_session=${token}`;
}

/** The alert settings as rows (targets, rules, mutes): what a refused alert action must leave as it was. */
export function alertSettingsRows(dataDir?: string): unknown {
  return withDb(
    true,
    (db) => ({
      targets: db.prepare("SELECT * FROM AlertTarget ORDER BY id").all(),
      rules: db.prepare("SELECT * FROM AlertRule ORDER BY id").all(),
      mutes: db.prepare("SELECT container FROM AlertMute ORDER BY container").all(),
      reads: db.prepare("SELECT COUNT(*) AS n FROM AlertRead").get(),
    }),
    dataDir,
  );
}

/** The /metrics tokens of that name (metrics.spec, security.spec): what a create or revoke left. */
export function metricsTokenRows(name: string, dataDir?: string): Array<{ id: number; name: string; tokenHash: string; revokedAt: string | null }> {
  return withDb(true, (db) => db.prepare("SELECT id, name, tokenHash, revokedAt FROM MetricsToken WHERE name = ?").all(name) as never, dataDir);
}

/** Every snapshot/backup schedule, as the database holds it. */
export function scheduleRows(dataDir?: string): unknown[] {
  return withDb(true, (db) => db.prepare("SELECT * FROM Schedule ORDER BY id").all(), dataDir);
}

/** The hosts the dashboard manages (security.spec): what a refused host action must leave as it was. */
export function hostTargetRows(dataDir?: string): unknown {
  return withDb(true, (db) => db.prepare("SELECT name, kind, address, serverFingerprint, clientCertificate, addedBy FROM HostTarget ORDER BY name").all(), dataDir);
}

/** The stored port forwards, as "protocol hostPort container:port" lines, oldest first. */
export function forwardRows(dataDir?: string): string[] {
  return withDb(
    true,
    (db) =>
      (db.prepare("SELECT protocol, hostPort, container, containerPort FROM PortForward ORDER BY id").all() as Array<Record<string, unknown>>).map(
        (r) => `${String(r.protocol)} ${String(r.hostPort)} ${String(r.container)}:${String(r.containerPort)}`,
      ),
    dataDir,
  );
}

/**
 * Moves a schedule's next run to the time it was made (so it is due now), as if the dashboard had
 * been down at its slot: the running server's scheduler picks it up on its next pass (≤ 30 s).
 */
export function makeScheduleDue(container: string, kind: "snapshot" | "backup", dataDir?: string): void {
  withDb(false, (db) => {
    const r = db.prepare("UPDATE Schedule SET nextRunAt = createdAt WHERE container = ? AND kind = ?").run(container, kind);
    if (r.changes !== 1) throw new Error(`no ${kind} schedule of ${container} to make due`);
  }, dataDir);
}
