import { WebSocket } from "ws";
import { pinnedTlsOptions, type IncusEndpoint } from "./endpoint";
import { transportError } from "./rest";

/**
 * A WebSocket to `path` on an Incus endpoint (the event stream, an exec's
 * streams): over the unix socket, or wss with the pinned certificate and our
 * client certificate. Resolves once open; a failure is the same typed error
 * as a request's (unreachable, another certificate, refused).
 */
export function openIncusWebSocket(endpoint: IncusEndpoint, path: string, options: { timeoutMs?: number } = {}): Promise<WebSocket> {
  const url = endpoint.kind === "unix" ? `ws+unix://${endpoint.socketPath}:${path}` : `${endpoint.url.replace(/^https:/, "wss:")}${path}`;
  const ws = new WebSocket(url, {
    ...(endpoint.kind === "https" ? pinnedTlsOptions(endpoint) : {}),
    handshakeTimeout: options.timeoutMs ?? 10_000,
    perMessageDeflate: false,
    headers: { "user-agent": "lxc-dashboard" },
  });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      ws.off("open", onOpen);
      void transportError(endpoint, err).then(reject);
    };
    const onOpen = () => {
      ws.off("error", onError);
      resolve(ws);
    };
    ws.once("error", onError);
    ws.once("open", onOpen);
    ws.once("unexpected-response", (_req, res) => {
      ws.off("error", onError);
      reject(Object.assign(new Error(`Incus refused the stream ${path} (HTTP ${res.statusCode ?? "?"})`), { code: "HOST_REFUSED" }));
      res.resume();
    });
  });
}
