import { MAX_POINTS, METRIC_RANGE_KEYS, METRIC_RANGES, RETENTION, type MetricRange } from "./metrics";

/** A range of a series, in seconds since the epoch: buckets of `step` from `from` to `to`. */
export interface RangeQuery {
  from: number;
  to: number;
  step: number;
}

export type RangeQueryResult = { ok: true; query: RangeQuery } | { ok: false; error: string };

const fail = (error: string): RangeQueryResult => ({ ok: false, error });

/** Seconds since the epoch from "1796077823" or an ISO 8601 time; null when it is neither. */
function parseTime(text: string): number | null {
  if (/^\d{1,12}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** The coarsest retention tier a range starting at `from` needs. */
function tierFor(from: number, now: number) {
  return RETENTION.find((tier) => from >= now - tier.keptSeconds - tier.resolution) ?? null;
}

const describeSeconds = (s: number) => (s % 86_400 === 0 ? `${s / 86_400} d` : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/**
 * The range asked for by `range=1h` (one of the picker's) or by `from`, `to`
 * (seconds or ISO 8601) and optionally `step` (seconds). Refused, with a
 * sentence saying why: a malformed value, a range reaching before what is
 * kept, a step finer than what is kept that far back, or too many points.
 */
export function parseRangeQuery(params: URLSearchParams, now: number): RangeQueryResult {
  const range = params.get("range");
  const fromText = params.get("from");
  const toText = params.get("to");
  const stepText = params.get("step");
  if (range !== null) {
    if (fromText !== null || toText !== null) return fail("Give either range or from/to, not both.");
    if (!(METRIC_RANGE_KEYS as string[]).includes(range)) return fail(`range must be one of ${METRIC_RANGE_KEYS.join(", ")}.`);
    const r = METRIC_RANGES[range as MetricRange];
    const step = stepText === null ? r.step : Number(stepText);
    return checkRange(now - r.seconds, now, step, stepText, now);
  }
  if (fromText === null) return fail("Give range (one of " + METRIC_RANGE_KEYS.join(", ") + ") or from and to.");
  const from = parseTime(fromText);
  const to = toText === null ? now : parseTime(toText);
  if (from === null) return fail("from must be seconds since 1970 or an ISO 8601 time such as 2026-11-30T12:00:00Z.");
  if (to === null) return fail("to must be seconds since 1970 or an ISO 8601 time such as 2026-11-30T12:00:00Z.");
  return checkRange(from, Math.min(to, now), stepText === null ? null : Number(stepText), stepText, now);
}

function checkRange(from: number, to: number, step: number | null, stepText: string | null, now: number): RangeQueryResult {
  if (!(from < to)) return fail("from must be before to (and before now).");
  if (step !== null && (!Number.isInteger(step) || step <= 0)) return fail(`step must be a whole number of seconds, got ${JSON.stringify(stepText)}.`);
  const tier = tierFor(from, now);
  if (!tier) {
    const oldest = RETENTION.at(-1)!;
    return fail(`from is before anything kept: history goes back ${describeSeconds(oldest.keptSeconds)} (${oldest.where}).`);
  }
  if (step === null) {
    // The finest step kept that far back, coarser until the answer fits.
    let s: number = tier.resolution;
    while ((to - from) / s > MAX_POINTS) s *= 2;
    return { ok: true, query: { from, to, step: s } };
  }
  if (step % tier.resolution !== 0) {
    const finer = RETENTION.filter((t) => step % t.resolution === 0).at(-1);
    const reach = finer ? `a ${describeSeconds(step)} step reaches back only ${describeSeconds(finer.keptSeconds)} (${finer.where}); ` : "";
    return fail(`${reach}for a range starting ${describeSeconds(now - from)} ago the step must be a multiple of ${describeSeconds(tier.resolution)}.`);
  }
  if ((to - from) / step > MAX_POINTS) return fail(`That is more than ${MAX_POINTS} points; use a step of at least ${describeSeconds(Math.ceil((to - from) / MAX_POINTS / tier.resolution) * tier.resolution)}.`);
  return { ok: true, query: { from, to, step } };
}
