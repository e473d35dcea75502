import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * Real receivers on loopback for the alert deliveries: a webhook endpoint
 * that records each POST, an ntfy-like topic endpoint that records each
 * publish as it came (method, path, headers, text), and an SMTP server
 * (smtp-server) that records each mail's envelope and subject. `port` may be
 * fixed (to start one after a delivery to it has already failed); `answer`
 * chooses what an HTTP receiver replies (a 500, an echo of the request).
 */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** What an HTTP receiver answers to a request it has recorded. */
export type Answer = (req: ReceivedRequest) => { status: number; body: string; contentType?: string };

const answerOk: Answer = () => ({ status: 200, body: "ok" });

async function startHttpReceiver(port: number, answer: Answer, record: (req: ReceivedRequest) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => {
      const received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, text };
      record(received);
      const a = answer(received);
      res.writeHead(a.status, { "content-type": a.contentType ?? "text/plain" }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

export interface WebhookReceiver {
  url: string;
  port: number;
  posts: Array<{ body: unknown; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0, answer: Answer = answerOk): Promise<WebhookReceiver> {
  const posts: WebhookReceiver["posts"] = [];
  const server = await startHttpReceiver(port, answer, (req) => posts.push({ body: JSON.parse(req.text || "null") as unknown, headers: req.headers }));
  return { url: `http://127.0.0.1:${server.port}/hook`, port: server.port, posts, close: server.close };
}

/** Plays an ntfy server: a publish is a POST (or PUT) of the message text to the topic URL. */
export interface NtfyReceiver {
  /** The topic URL, `/containers` on this receiver. */
  url: string;
  port: number;
  messages: ReceivedRequest[];
  close(): Promise<void>;
}

/** ntfy's answer to a publish: the message as JSON. */
const answerLikeNtfy: Answer = (req) => ({
  status: 200,
  contentType: "application/json",
  body: JSON.stringify({ id: "x1y2z3", time: Math.floor(Date.now() / 1000), event: "message", topic: req.path.slice(1), message: req.text }),
});

export async function startNtfyReceiver(answer: Answer = answerLikeNtfy): Promise<NtfyReceiver> {
  const messages: ReceivedRequest[] = [];
  const server = await startHttpReceiver(0, answer, (req) => messages.push(req));
  return { url: `http://127.0.0.1:${server.port}/containers`, port: server.port, messages, close: server.close };
}

export interface SmtpReceiver {
  port: number;
  mails: Array<{ to: string[]; subject: string; text: string }>;
  /** Each AUTH the server accepted or refused, with the password the client sent. */
  logins: Array<{ username: string; password: string; accepted: boolean }>;
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** Refuse every recipient with this SMTP reply (code and text), as a server that does not know the address. */
  refuseRecipients?: { code: number; text: string };
  /** Require AUTH (plain, over the unencrypted loopback connection) with this user and password. */
  login?: { username: string; password: string };
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: SmtpReceiver["mails"] = [];
  const logins: SmtpReceiver["logins"] = [];
  const { refuseRecipients, login } = options;
  const server = new SMTPServer({
    authOptional: !login,
    allowInsecureAuth: true,
    disabledCommands: login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    logger: false,
    onAuth(auth, _session, callback) {
      const accepted = !!login && auth.username === login.username && auth.password === login.password;
      logins.push({ username: auth.username ?? "", password: auth.password ?? "", accepted });
      if (accepted) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refuseRecipients) callback(Object.assign(new Error(`${refuseRecipients.text} <${address.address}>`), { responseCode: refuseRecipients.code }));
      else callback();
    },
    onData(stream, session, done) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => (raw += c));
      stream.on("end", () => {
        const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";
        const text = body.join("\n\n");
        const quotedPrintable = /^Content-Transfer-Encoding: quoted-printable/im.test(head);
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, text: quotedPrintable ? decodeQuotedPrintable(text) : text });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise((r) => server.close(() => r())) };
}

/** A quoted-printable body (how nodemailer sends a long line) as the text it stands for. */
function decodeQuotedPrintable(text: string): string {
  const escaped = text.replace(/=\r?\n/g, "").replace(/%/g, "%25").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  return decodeURIComponent(escaped);
}

/** A loopback port nothing listens on now (taken and released). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
