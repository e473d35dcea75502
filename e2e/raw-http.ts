import http from "node:http";

/**
 * Requests exactly as written — any Host, Origin, Cookie or none, from any
 * loopback source address — the way a forger or another site would send
 * them, with no cookie jar or browser rules in between.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  /** Source address, e.g. "127.0.0.2": another client as far as the server can tell. */
  localAddress?: string;
}

/** A response body is read up to this much (an event stream never ends on its own). */
const BODY_LIMIT = 256 * 1024;

export function rawRequest(url: string, { method = "GET", headers = {}, body, localAddress }: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) sent[k] = v;
  return new Promise((resolve, reject) => {
    const req = http.request(
      // A connection of its own each time (agent: false): a kept-alive one that the
      // server closes as idle while the next request is on its way ends in "socket hang up".
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, headers: sent, localAddress, agent: false },
      (res) => {
        let text = "";
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          if (text.length >= BODY_LIMIT) {
            res.destroy();
            done();
          }
        });
        res.on("end", done);
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
