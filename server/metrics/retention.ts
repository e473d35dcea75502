import { DESTROYED_KEPT_SECONDS, RETENTION } from "@/lib/metrics";

const [, MINUTES, HOURS] = RETENTION;

/** Minutes since the epoch of a time in ms. */
export const minuteOf = (ms: number): number => Math.floor(ms / 60_000);
/** Hours since the epoch of a time in ms. */
export const hourOf = (ms: number): number => Math.floor(ms / 3_600_000);

/**
 * What pruning at `nowMs` removes: minute rows before `minute`, hour rows
 * before `hour`, and the series of containers destroyed before `goneBefore`.
 */
export function pruneCutoffs(nowMs: number): { minute: number; hour: number; goneBefore: Date } {
  return {
    minute: minuteOf(nowMs - MINUTES.keptSeconds * 1000),
    hour: hourOf(nowMs - HOURS.keptSeconds * 1000),
    goneBefore: new Date(nowMs - DESTROYED_KEPT_SECONDS * 1000),
  };
}

/**
 * When a minute has ended: samples of minute m are written once a sample of
 * a later minute arrives. When that later sample is in another hour, the
 * finished hour (every minute row of it) becomes one hour row.
 */
export function closedBuckets(previousMs: number, currentMs: number): { minute: number | null; hour: number | null } {
  const [m0, m1] = [minuteOf(previousMs), minuteOf(currentMs)];
  const [h0, h1] = [hourOf(previousMs), hourOf(currentMs)];
  return { minute: m1 > m0 ? m0 : null, hour: h1 > h0 ? h0 : null };
}
