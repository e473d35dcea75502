import { z } from "zod";

/** An inclusive range of host user ids, as typed in the host process view. */
export interface UidRange {
  from: number;
  to: number;
}

/** The largest valid uid: (uid_t)-1 = 4294967295 means "no uid" to the kernel. */
export const MAX_UID = 4294967294;

const RANGE_SYNTAX = /^(\d{1,10})(?:\s*-\s*(\d{1,10}))?$/;

/**
 * "100000" (one uid, what `top -U 100000` takes) or "100000-165535" (a
 * subordinate range). Decimal only, so the browser and the server agree on
 * every input; checked in the browser before any request and again on the server.
 */
export const uidRangeSchema = z
  .string({ error: "Enter a uid or a range such as 100000-165535." })
  .trim()
  .regex(RANGE_SYNTAX, "Enter a uid or a range such as 100000-165535.")
  .transform((text): UidRange => {
    const [, from, to] = RANGE_SYNTAX.exec(text)!;
    return { from: Number(from), to: Number(to ?? from) };
  })
  .refine((r) => r.from <= MAX_UID && r.to <= MAX_UID, `A uid is at most ${MAX_UID}.`)
  .refine((r) => r.from <= r.to, "A range starts at its lower uid.");

/** The first problem with a uid-range input, or null when it is valid. */
export function uidRangeProblem(input: unknown): string | null {
  const r = uidRangeSchema.safeParse(input);
  return r.success ? null : (r.error.issues[0]?.message ?? "Invalid uid range.");
}

/** The input form of a range: "100000" for one uid, "100000-165535" otherwise. */
export function formatUidRange(range: UidRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export function uidInRange(uid: number, range: UidRange): boolean {
  return uid >= range.from && uid <= range.to;
}
