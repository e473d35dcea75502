/** What is sent: fixed when an alert is queued, so every retry sends the same. */
export interface AlertPayload {
  title: string;
  body: string;
  container: string | null;
  rule: string;
  level: "warning" | "error";
  count: number;
  at: string;
  /** The dashboard's host name, so a receiver of several can tell them apart. */
  host: string;
}

/** A delivery attempt's outcome: never thrown; `detail` says what the other side answered. */
export interface SendResult {
  ok: boolean;
  detail: string;
}

export const SEND_TIMEOUT_MS = 5000;

/** A failure in a sentence: a timeout, a refused connection, or the error's own words. */
export function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const code = e?.cause?.code;
  if (code) return `${code}${e.cause?.message ? `: ${e.cause.message}` : ""}`;
  return e?.message ?? String(err);
}
