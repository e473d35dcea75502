import { httpPost } from "./http-post";
import type { AlertPayload, SendResult } from "./types";

/** ntfy's plain publish: POST the message to the topic URL, the title and priority as headers. */
export function sendNtfy(topicUrl: string, token: string | null, payload: AlertPayload): Promise<SendResult> {
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    // Header values must be ISO-8859-1; the body carries the full text.
    title: payload.title.replace(/[^\x20-\x7e]/g, "?"),
    priority: payload.level === "error" ? "4" : "3",
    tags: payload.level === "error" ? "rotating_light" : "warning",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return httpPost(topicUrl, payload.body, headers);
}
