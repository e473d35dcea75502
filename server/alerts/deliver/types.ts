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

/**
 * `text` without the target's secret: what a receiver answers goes to the
 * delivery log and the Send test message, both shown in a browser, and one
 * that echoes the request back (httpbin and its kind, a debugging proxy)
 * would otherwise show its token there. The secret is replaced as sent and
 * as JSON would escape it, and so is its start at the end of an answer cut
 * short.
 */
export function withoutSecret(text: string, secret: string | null): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join("[secret]");
  for (let n = Math.min(secret.length - 1, out.length); n >= 4; n--) {
    if (out.endsWith(secret.slice(0, n))) return `${out.slice(0, -n)}[secret]`;
  }
  return out;
}
