import { CONTAINER_FIELDS, HOST_FIELDS, INTERFACE_FIELDS, PEAK_FIELDS, type MetricField, type MetricSeriesResponse } from "@/lib/metrics";
import type { RangeQuery } from "@/lib/metrics-query";
import { availableParallelism } from "node:os";
import { bucketPoints, mergeSummaries, type BucketSummary } from "./buckets";
import { scaleOf } from "./rollup-codec";
import { findSeriesId, HOST_SERIES, interfaceSeriesKey, interfacesInRollups, readRollups } from "./rollup-store";
import type { MetricsSampler } from "./sampler";

export interface SeriesSource {
  lxcpath: string;
  sampler: MetricsSampler | undefined;
  now: number;
}

/**
 * Where each part of a range comes from: hour rows for finished hours (when
 * the step is whole hours), minute rows for finished and written minutes,
 * and the sampler's memory for the rest (the last minute or so, and the
 * whole range when the step is finer than a minute).
 */
async function summaries(seriesId: number | null, ring: Iterable<BucketSummary> | null, q: RangeQuery, source: SeriesSource): Promise<BucketSummary[]> {
  const memoryFrom = source.sampler?.unwrittenSince() ?? Math.floor(source.now / 1000) + 1;
  const parts: BucketSummary[] = [];
  const hourCovered = Math.floor(source.now / 3_600_000) * 3600;
  if (seriesId !== null && q.step % 60 === 0) {
    let minuteFrom = q.from;
    if (q.step % 3600 === 0 && q.from < hourCovered) {
      parts.push(...(await readRollups("hour", seriesId, q.from, Math.min(q.to, hourCovered - 1), q.step)));
      minuteFrom = hourCovered;
    }
    if (minuteFrom < memoryFrom) parts.push(...(await readRollups("minute", seriesId, minuteFrom, Math.min(q.to, memoryFrom - 1), q.step)));
  }
  if (ring) parts.push(...[...ring].filter((b) => b.t >= Math.floor(q.from / q.step) * q.step && b.t <= q.to));
  return mergeSummaries(parts);
}

/**
 * One container's series (null: the host's), or one of its network
 * interfaces' (`iface`), over a range, as columns on a full grid of steps
 * (gaps are null).
 */
export async function readSeries(container: string | null, q: RangeQuery, source: SeriesSource, iface: string | null = null): Promise<MetricSeriesResponse> {
  const ofInterface = container !== null && iface !== null;
  const fields = container === null ? HOST_FIELDS : ofInterface ? INTERFACE_FIELDS : CONTAINER_FIELDS;
  const tracked = ofInterface ? source.sampler?.interfaceSeries(container, iface) : source.sampler?.series(container);
  // Points already in written minute rows are left to those rows, so nothing counts twice.
  const ringFrom = q.step % 60 === 0 ? Math.max(q.from, source.sampler?.unwrittenSince() ?? Infinity) : q.from;
  const ring = tracked ? bucketPoints(tracked.ring.since(ringFrom), q.step) : null;
  const seriesId = await findSeriesId(source.lxcpath, ofInterface ? interfaceSeriesKey(container, iface) : (container ?? HOST_SERIES));
  const byT = new Map((await summaries(seriesId, ring, q, source)).map((s) => [s.t, s]));

  const first = Math.floor(q.from / q.step) * q.step;
  const last = Math.floor(q.to / q.step) * q.step;
  const t: number[] = [];
  const values: Partial<Record<MetricField, (number | null)[]>> = {};
  const peaks: Partial<Record<MetricField, (number | null)[]>> = {};
  for (const f of fields) values[f] = [];
  for (const f of fields) if (PEAK_FIELDS.includes(f)) peaks[f] = [];
  // Values to the resolution the rollups keep (hundredths of a percent, KiB, bytes per second): an average's
  // sixteen digits would only make the answer bigger to send and to parse.
  const scales = fields.map(scaleOf);
  const round = (v: number | null | undefined, i: number): number | null => (v === null || v === undefined ? null : Math.round(v * scales[i]!) / scales[i]!);
  for (let at = first; at <= last; at += q.step) {
    t.push(at);
    const s = byT.get(at);
    fields.forEach((f, i) => {
      values[f]!.push(round(s?.avg[f], i));
      peaks[f]?.push(round(s?.max[f], i));
    });
  }
  return {
    container,
    interface: ofInterface ? iface : null,
    interfaces: container === null ? [] : await interfacesWithHistory(container, source),
    from: first,
    to: last,
    step: q.step,
    t,
    values,
    peaks,
    unavailable: tracked?.running || container === null ? { ...tracked?.unavailable } : {},
    cores: availableParallelism(),
  };
}

/** A container's network interfaces with a history here: sampled since the start, or in the rollups. */
export async function interfacesWithHistory(container: string, source: SeriesSource): Promise<string[]> {
  const names = new Set([...(source.sampler?.interfacesOf(container) ?? []), ...(await interfacesInRollups(source.lxcpath, container))]);
  return [...names].sort();
}

/** Whether a container has any history here: sampled since the start, or rollups in the database. */
export async function hasHistory(container: string, source: SeriesSource): Promise<boolean> {
  return source.sampler?.series(container) !== undefined || (await findSeriesId(source.lxcpath, container)) !== null;
}
