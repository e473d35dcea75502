import { httpPost } from "./http-post";
import type { AlertPayload, SendResult } from "./types";

/** The alert as JSON, POSTed; a token, when set, as a bearer token. */
export function sendWebhook(url: string, token: string | null, payload: AlertPayload): Promise<SendResult> {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "lxc-dashboard-alerts" };
  if (token) headers.authorization = `Bearer ${token}`;
  return httpPost(url, JSON.stringify(payload), headers);
}
