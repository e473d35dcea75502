import { db } from "../db";
import type { BucketSummary } from "./buckets";
import { decodeValues, encodeSummary, mergeRows, mergeSelectList, ROW_COLUMNS } from "./rollup-codec";
import { pruneCutoffs } from "./retention";

/** The two rollup tables and the unit of their time column. */
export const ROLLUP_TABLES = {
  minute: { table: "MetricMinute", column: "minute", seconds: 60 },
  hour: { table: "MetricHour", column: "hour", seconds: 3600 },
} as const;
export type RollupTable = keyof typeof ROLLUP_TABLES;

/** "" is the host's own series. */
export const HOST_SERIES = "";

/** A container's network interface as a series of its own: "NAME/eth0" ("/" is in no container's name and no interface's). */
export const interfaceSeriesKey = (container: string, iface: string): string => `${container}/${iface}`;

/** The container a series belongs to ("" for the host). */
const containerOfSeries = (key: string): string => key.split("/")[0]!;

/**
 * The series ids of an lxcpath's containers (and the host, ""), made on first
 * sight. A name seen again after it was destroyed is the same series again.
 */
export async function seriesIds(lxcpath: string, names: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const known = await db().metricSeries.findMany({ where: { lxcpath, container: { in: [...names] } }, select: { id: true, container: true, goneAt: true } });
  for (const s of known) ids.set(s.container, s.id);
  const back = known.filter((s) => s.goneAt !== null).map((s) => s.id);
  if (back.length > 0) await db().metricSeries.updateMany({ where: { id: { in: back } }, data: { goneAt: null } });
  // The new ones in one statement (a first minute of 50 containers and their interfaces is 100 names).
  const missing = [...new Set(names.filter((n) => !ids.has(n)))];
  for (let i = 0; i < missing.length; i += 400) {
    const chunk = missing.slice(i, i + 400);
    await db().$executeRawUnsafe(
      `INSERT OR IGNORE INTO "MetricSeries" ("lxcpath", "container", "firstSeen") VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`,
      // As Prisma writes a DateTime here: ISO 8601 text.
      ...chunk.flatMap((n) => [lxcpath, n, new Date().toISOString().replace("Z", "+00:00")]),
    );
  }
  if (missing.length > 0) {
    const made = await db().metricSeries.findMany({ where: { lxcpath, container: { in: missing } }, select: { id: true, container: true } });
    for (const s of made) ids.set(s.container, s.id);
  }
  return ids;
}

/** The network interfaces of a container that have rollups. */
export async function interfacesInRollups(lxcpath: string, container: string): Promise<string[]> {
  const prefix = interfaceSeriesKey(container, "");
  // A key range rather than LIKE: it walks the (lxcpath, container) index. "0" follows "/".
  const rows = await db().metricSeries.findMany({ where: { lxcpath, container: { gte: prefix, lt: `${container}0` } }, select: { container: true } });
  return rows.map((r) => r.container.slice(prefix.length));
}

/** The id of a series if it exists (no row is made for a name never sampled). */
export async function findSeriesId(lxcpath: string, container: string): Promise<number | null> {
  const s = await db().metricSeries.findUnique({ where: { lxcpath_container: { lxcpath, container } }, select: { id: true } });
  return s?.id ?? null;
}

const hourInsert = (where: string) =>
  `INSERT OR REPLACE INTO "MetricHour" ("seriesId", "hour", ${ROW_COLUMNS.map((c) => `"${c}"`).join(", ")})
   SELECT "seriesId", "minute" / 60, ${mergeSelectList({ rounded: true })}
   FROM "MetricMinute" WHERE ${where} GROUP BY "seriesId", "minute" / 60`;

/** Rows per INSERT statement (SQLite allows 32766 parameters; a row has 31). */
const ROWS_PER_INSERT = 500;

/** INSERT OR REPLACE of many rollup rows in one statement: Prisma's createMany costs milliseconds per row. */
function insertRows(table: RollupTable, rows: ReadonlyArray<{ seriesId: number; at: number; summary: BucketSummary }>) {
  const t = ROLLUP_TABLES[table];
  const columns = ["seriesId", t.column, ...ROW_COLUMNS];
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const values: unknown[] = [];
    for (const r of chunk) {
      const encoded = encodeSummary(r.summary);
      values.push(r.seriesId, r.at, ...ROW_COLUMNS.map((c) => encoded[c] ?? null));
    }
    const placeholders = chunk.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
    statements.push(db().$executeRawUnsafe(`INSERT OR REPLACE INTO "${t.table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${placeholders}`, ...values));
  }
  return statements;
}

/**
 * Writes one minute's rows for every series in one transaction; when an hour
 * has just ended, its hour rows are made from its minute rows in the same
 * transaction. A row already there for that minute (a restart within the
 * minute) is replaced.
 */
export async function writeMinute(minute: number, rows: ReadonlyArray<{ seriesId: number; summary: BucketSummary }>, closedHour: number | null): Promise<void> {
  await db().$transaction([
    ...insertRows("minute", rows.map((r) => ({ ...r, at: minute }))),
    ...(closedHour === null ? [] : [db().$executeRawUnsafe(hourInsert(`"minute" >= ? AND "minute" < ?`), closedHour * 60, closedHour * 60 + 60)]),
  ]);
}

/** Hour rows written directly (imports, benchmarks); replaces rows already there. */
export async function writeHours(rows: ReadonlyArray<{ seriesId: number; hour: number; summary: BucketSummary }>): Promise<void> {
  await db().$transaction(insertRows("hour", rows.map((r) => ({ ...r, at: r.hour }))));
}

/**
 * At start: hour rows for finished hours whose minute rows exist but which
 * were never rolled up (the dashboard was stopped as the hour ended).
 */
export async function rollUpMissedHours(currentHour: number): Promise<number> {
  return db().$executeRawUnsafe(
    hourInsert(`"minute" < ? AND NOT EXISTS (SELECT 1 FROM "MetricHour" h WHERE h."seriesId" = "MetricMinute"."seriesId" AND h."hour" = "MetricMinute"."minute" / 60)`),
    currentHour * 60,
  );
}

/**
 * Marks the series of containers no longer in the lxcpath as gone (from
 * `nowMs`), and drops what is past keeping: minute rows after 7 days, hour
 * rows after a year, a destroyed container's series 30 days after it went.
 */
export async function pruneRollups(lxcpath: string, existing: readonly string[], nowMs: number): Promise<{ minutes: number; hours: number; series: number }> {
  const cut = pruneCutoffs(nowMs);
  const client = db();
  const gone = await client.metricSeries.findMany({ where: { goneAt: { lt: cut.goneBefore } }, select: { id: true } });
  const goneIds = gone.map((s) => s.id);
  // A container's interfaces go with it.
  const kept = new Set([...existing, HOST_SERIES]);
  const current = await client.metricSeries.findMany({ where: { lxcpath, goneAt: null }, select: { id: true, container: true } });
  const nowGone = current.filter((s) => !kept.has(containerOfSeries(s.container))).map((s) => s.id);
  const [, minutes, hours, , , series] = await client.$transaction([
    client.metricSeries.updateMany({ where: { id: { in: nowGone } }, data: { goneAt: new Date(nowMs) } }),
    client.metricMinute.deleteMany({ where: { minute: { lt: cut.minute } } }),
    client.metricHour.deleteMany({ where: { hour: { lt: cut.hour } } }),
    client.metricMinute.deleteMany({ where: { seriesId: { in: goneIds } } }),
    client.metricHour.deleteMany({ where: { seriesId: { in: goneIds } } }),
    client.metricSeries.deleteMany({ where: { id: { in: goneIds } } }),
  ]);
  return { minutes: minutes.count, hours: hours.count, series: series.count };
}

/**
 * A series' rows between two bucket starts (seconds, inclusive), merged into
 * buckets of `step` seconds (a multiple of the table's unit). SQLite hands
 * the rows over as one JSON text (json_group_array) and they are merged
 * here: Prisma's raw query turns every row of every column into a typed
 * value one by one (a 30-day range, 720 rows, took ~17 ms that way; one JSON
 * text, ~4 ms), and SQL's weighted averages over GROUP BY cost more than
 * the same arithmetic in JavaScript.
 */
export async function readRollups(table: RollupTable, seriesId: number, fromSeconds: number, toSeconds: number, step: number): Promise<BucketSummary[]> {
  const t = ROLLUP_TABLES[table];
  const k = Math.max(1, Math.round(step / t.seconds));
  const [answer] = await db().$queryRawUnsafe<Array<{ rows: string | null }>>(
    `SELECT json_group_array(json_array("${t.column}", ${ROW_COLUMNS.map((c) => `"${c}"`).join(", ")})) AS rows
     FROM "${t.table}" WHERE "seriesId" = ? AND "${t.column}" >= ? AND "${t.column}" <= ?`,
    seriesId,
    Math.floor(fromSeconds / t.seconds),
    Math.floor(toSeconds / t.seconds),
  );
  const rows = JSON.parse(answer?.rows ?? "[]") as Array<Array<number | null>>;
  if (k === 1) return rows.map((r) => decodeValues(r[0]! * t.seconds, r, 1)).sort((a, b) => a.t - b.t);
  return mergeRows(rows, (at) => Math.floor(at / k) * k * t.seconds);
}
