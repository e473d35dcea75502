import nodemailer from "nodemailer";
import type { SmtpSettings } from "@/lib/alert-types";
import { SEND_TIMEOUT_MS, type AlertPayload, type SendResult } from "./types";

/**
 * The alert as a plain-text mail through the target's SMTP server
 * (nodemailer): subject "[LXC Dashboard] TITLE" (the title names the
 * container). Whatever the server answers — a refusal, a hang, a recipient
 * refused after a 250 — is the log's detail, with its SMTP code.
 */
export async function sendEmail(to: string, smtp: SmtpSettings, password: string | null, payload: AlertPayload): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === "tls",
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    auth: smtp.user ? { user: smtp.user, pass: password ?? "" } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS * 2,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      subject: `[LXC Dashboard] ${payload.title}`,
      text: `${payload.body}\n\n${payload.count > 1 ? `(${payload.count} occurrences)\n` : ""}Host: ${payload.host}\nTime: ${payload.at}\n`,
    });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) return { ok: false, detail: `SMTP refused ${rejected.join(", ")}: ${info.response ?? "no answer"}` };
    return { ok: true, detail: `SMTP ${info.response ?? "accepted"}` };
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
    const answer = e.response ? `SMTP ${e.response}` : e.message ?? String(err);
    return { ok: false, detail: `${e.code ? `${e.code}: ` : ""}${answer}`.slice(0, 300) };
  } finally {
    transport.close();
  }
}
