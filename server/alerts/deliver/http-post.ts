import { describeNetworkError, SEND_TIMEOUT_MS, type SendResult } from "./types";

/**
 * One POST, following no redirect (a 3xx is a failure that says where it
 * pointed), given up after a few seconds; the answer's status and the start
 * of its body go to the delivery log.
 */
export async function httpPost(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
  try {
    const res = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    const text = (await res.text().catch(() => "")).trim().slice(0, 200);
    if (res.status >= 300 && res.status < 400) {
      return { ok: false, detail: `HTTP ${res.status}: redirects are not followed (to ${res.headers.get("location") ?? "nowhere"})` };
    }
    return { ok: res.ok, detail: `HTTP ${res.status}${text ? `: ${text}` : ""}` };
  } catch (err) {
    return { ok: false, detail: describeNetworkError(err) };
  }
}
