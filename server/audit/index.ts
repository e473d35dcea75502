import type { AuditEntryView } from "@/lib/api-types";
import { db } from "../db";

/** Longest stderr excerpt kept per row: enough to see why, not a log dump. */
const STDERR_EXCERPT = 4000;

export interface AuditStart {
  actor: string;
  address?: string | null;
  action: string;
  container?: string | null;
  command?: string | null;
}

export interface AuditEnd {
  outcome: "ok" | "failed" | "cancelled";
  exitCode?: number | null;
  stderr?: string | null;
  detail?: string | null;
}

function excerpt(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  return t.length > STDERR_EXCERPT ? `${t.slice(0, STDERR_EXCERPT)}…` : t;
}

/** Who asked for what, as every row stores it: what was not given is null, not absent. */
function startColumns(entry: AuditStart) {
  return {
    actor: entry.actor,
    address: entry.address ?? null,
    action: entry.action,
    container: entry.container ?? null,
    command: entry.command ?? null,
  };
}

/** Writes the row before the command runs; returns its id for `finishAudit`. */
export async function startAudit(entry: AuditStart): Promise<number> {
  const row = await db().auditEntry.create({ data: { ...startColumns(entry), outcome: "running" } });
  return row.id;
}

export async function finishAudit(id: number, end: AuditEnd): Promise<void> {
  await db().auditEntry.update({
    where: { id },
    data: {
      endedAt: new Date(),
      outcome: end.outcome,
      exitCode: end.exitCode ?? null,
      stderr: excerpt(end.stderr),
      detail: end.detail ?? null,
    },
  });
}

/** Something that happened at once (a terminal opened or closed): one finished row. */
export async function recordEvent(
  entry: AuditStart & { outcome: AuditEntryView["outcome"]; exitCode?: number | null; detail: string },
): Promise<void> {
  const now = new Date();
  await db().auditEntry.create({
    data: {
      ...startColumns(entry),
      outcome: entry.outcome,
      exitCode: entry.exitCode ?? null,
      detail: entry.detail,
      startedAt: now,
      endedAt: now,
    },
  });
}

/** A refused attempt (bad login, wrong role, bad origin or host). */
export async function recordRefusal(entry: AuditStart & { detail: string }): Promise<void> {
  await recordEvent({ ...entry, outcome: "refused" });
}

/** A row left "running": what start-up needs to say what became of it. */
export interface RunningAudit {
  id: number;
  action: string;
  container: string | null;
  command: string | null;
}

/** Rows still "running" at start-up, before anything new starts: cut short by a crash or a kill. */
export async function listRunningAudits(): Promise<RunningAudit[]> {
  return db().auditEntry.findMany({ where: { outcome: "running" }, select: { id: true, action: true, container: true, command: true }, orderBy: { id: "asc" } });
}

export async function markAuditInterrupted(id: number, detail: string): Promise<void> {
  await db().auditEntry.update({ where: { id }, data: { outcome: "interrupted", endedAt: new Date(), detail } });
}

/** Rows still "running" at start-up were cut short by a crash or a kill. */
export async function markInterruptedAudits(): Promise<number> {
  const r = await db().auditEntry.updateMany({
    where: { outcome: "running" },
    data: { outcome: "interrupted", endedAt: new Date(), detail: "the dashboard stopped while this ran" },
  });
  return r.count;
}

export interface AuditQuery {
  container?: string;
  actor?: string;
  outcome?: string;
  take?: number;
  /** Rows with an id below this one: the next page, newest first. */
  before?: number;
}

export async function listAudit(q: AuditQuery = {}): Promise<AuditEntryView[]> {
  const rows = await db().auditEntry.findMany({
    where: {
      container: q.container || undefined,
      actor: q.actor || undefined,
      outcome: q.outcome || undefined,
      id: q.before ? { lt: q.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(q.take ?? 200, 1), 1000),
  });
  return rows.map((r) => ({
    ...r,
    outcome: r.outcome as AuditEntryView["outcome"],
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  }));
}
