import type { TopContainer } from "@/lib/metrics";
import { db } from "../db";
import type { SeriesSource } from "./query";
import { scaleOf } from "./rollup-codec";
import { minuteOf } from "./retention";
import { HOST_SERIES } from "./rollup-store";

/**
 * Each container's averages over the last 24 hours from its minute rollups
 * (its interfaces' own series left out)
 * (one grouped query), with the minutes still in memory left out: at most a
 * minute of a day.
 */
export async function dayAverages(src: SeriesSource): Promise<TopContainer[]> {
  const since = minuteOf(src.now - 86_400_000);
  const rows = await db().$queryRawUnsafe<Array<{ container: string; cpu: unknown; mem: unknown; net: unknown }>>(
    `SELECT s."container" AS container,
       SUM(m."cpu" * m.n) * 1.0 / NULLIF(SUM(CASE WHEN m."cpu" IS NULL THEN 0 ELSE m.n END), 0) AS cpu,
       SUM(m."mem" * m.n) * 1.0 / NULLIF(SUM(CASE WHEN m."mem" IS NULL THEN 0 ELSE m.n END), 0) AS mem,
       SUM((COALESCE(m."netRx", 0) + COALESCE(m."netTx", 0)) * m.n) * 1.0 / NULLIF(SUM(CASE WHEN m."netRx" IS NULL AND m."netTx" IS NULL THEN 0 ELSE m.n END), 0) AS net
     FROM "MetricMinute" m JOIN "MetricSeries" s ON s."id" = m."seriesId"
     WHERE s."lxcpath" = ? AND s."container" <> ? AND instr(s."container", '/') = 0 AND m."minute" >= ?
     GROUP BY s."container"`,
    src.lxcpath,
    HOST_SERIES,
    since,
  );
  const num = (v: unknown, field: "cpu" | "mem" | "netRx"): number | null => (v === null || v === undefined ? null : Number(v) / scaleOf(field));
  return rows.map((r) => ({ name: r.container, cpu: num(r.cpu, "cpu"), mem: num(r.mem, "mem"), net: num(r.net, "netRx") }));
}
