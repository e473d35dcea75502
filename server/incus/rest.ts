import http from "node:http";
import https from "node:https";
import { createHash } from "node:crypto";
import { processSingleton } from "../process-singleton";
import { endpointAddress, PIN_MISMATCH, pinnedTlsOptions, type HttpsEndpoint, type IncusEndpoint } from "./endpoint";
import { HostCertificateMismatch, HostRefused, HostUnreachable } from "./errors";
import { presentedCertificate } from "./server-certificate";

/**
 * Incus's REST API over its unix socket or HTTPS (a pinned certificate and
 * a client certificate), with node:http itself: a request is a method, a
 * path and a JSON body, the answer Incus's envelope. Failures become the
 * typed errors of ./errors (unreachable, another certificate, an error
 * answer). Connections are kept alive per endpoint.
 */

export interface IncusEnvelope<T = unknown> {
  type: "sync" | "async" | "error";
  status_code: number;
  error_code: number;
  error: string;
  metadata: T;
  /** For "async": the operation's URL, /1.0/operations/UUID. */
  operation: string;
}

export interface RequestOptions {
  /** No answer within this long: HostUnreachable. Default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** TLS errors that mean "not the certificate we trust" (a different self-signed one fails the chain before the pin check). */
const CERTIFICATE_ERRORS = new Set([
  PIN_MISMATCH,
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused (is incusd running and listening there?)",
  ENOENT: "the socket does not exist (is incusd running?)",
  EACCES: "permission denied on the socket (the dashboard's user must be in the incus-admin group)",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  ENOTFOUND: "the host name does not resolve",
  ECONNRESET: "the connection was reset",
  EPIPE: "the connection was closed",
  ETIMEDOUT: "it did not answer in time",
};

function agents(): Map<string, http.Agent> {
  return processSingleton("incus-agents", () => new Map<string, http.Agent>());
}

/** One keep-alive agent per endpoint (and per pinned certificate and client key: a re-added host gets a new one). */
export function agentFor(endpoint: IncusEndpoint): http.Agent {
  const key =
    endpoint.kind === "unix"
      ? `unix:${endpoint.socketPath}`
      : `https:${endpoint.url}:${endpoint.fingerprint}:${createHash("sha256").update(endpoint.clientCertificate).digest("hex")}`;
  let agent = agents().get(key);
  if (!agent) {
    agent =
      endpoint.kind === "unix"
        ? new http.Agent({ keepAlive: true, maxSockets: 8 })
        : new https.Agent({ keepAlive: true, maxSockets: 8, ...pinnedTlsOptions(endpoint) });
    agents().set(key, agent);
  }
  return agent;
}

/** Drops the kept-alive connections of every endpoint (tests; a host removed). */
export function closeIncusAgents(): void {
  for (const agent of agents().values()) agent.destroy();
  agents().clear();
}

/** Options for node:http(s).request (or a WebSocket) to `path` on the endpoint. */
export function requestTarget(endpoint: IncusEndpoint, path: string): { url: string; options: https.RequestOptions } {
  if (endpoint.kind === "unix") {
    return { url: `http://incus${path}`, options: { socketPath: endpoint.socketPath, agent: agentFor(endpoint) } };
  }
  return { url: `${endpoint.url}${path}`, options: { agent: agentFor(endpoint), ...pinnedTlsOptions(endpoint) } };
}

/** The typed error for a transport failure (the certificate case reads which certificate was presented). */
export async function transportError(endpoint: IncusEndpoint, err: unknown): Promise<Error> {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? "";
  if (endpoint.kind === "https" && CERTIFICATE_ERRORS.has(code)) return certificateMismatch(endpoint);
  const reason = REASONS[code] ?? (err instanceof Error ? err.message : String(err));
  return new HostUnreachable(endpoint.host, endpointAddress(endpoint), reason);
}

async function certificateMismatch(endpoint: HttpsEndpoint): Promise<HostCertificateMismatch> {
  const presented = await presentedCertificate(endpoint.url);
  return new HostCertificateMismatch(endpoint.host, endpoint.fingerprint, presented?.fingerprint ?? null);
}

/** One request; resolves with the status and the body's text for any HTTP status, rejects only on transport failures (typed). */
export function incusRawRequest(
  endpoint: IncusEndpoint,
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<{ status: number; text: string }> {
  const { url, options: target } = requestTarget(endpoint, path);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = endpoint.kind === "unix" ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      ...target,
      method,
      signal: options.signal,
      headers: {
        accept: "application/json",
        "user-agent": "lxc-dashboard",
        ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
      },
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.once("error", (err) => {
      if (options.signal?.aborted) return reject(err);
      void transportError(endpoint, err).then(reject);
    });
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("error", (err) => void transportError(endpoint, err).then(reject));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.end(payload);
  });
}

/** One request; resolves with Incus's envelope for any HTTP status, rejects only on transport failures (typed). */
export async function incusRequest<T = unknown>(
  endpoint: IncusEndpoint,
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<{ status: number; envelope: IncusEnvelope<T> }> {
  const { status, text } = await incusRawRequest(endpoint, method, path, body, options);
  try {
    return { status, envelope: JSON.parse(text) as IncusEnvelope<T> };
  } catch {
    throw new HostRefused(endpoint.host, status, `an answer that is not Incus's JSON (${text.slice(0, 80)})`);
  }
}

/** A file Incus serves as it is (an exec's recorded output); an error status throws HostRefused. */
export async function incusText(endpoint: IncusEndpoint, path: string, options?: RequestOptions): Promise<string> {
  const { status, text } = await incusRawRequest(endpoint, "GET", path, undefined, options);
  if (status >= 400) throw new HostRefused(endpoint.host, status, text.slice(0, 200));
  return text;
}

/** A request whose answer must be a success; its metadata. An error answer throws HostRefused with Incus's own words. */
export async function incusSync<T = unknown>(
  endpoint: IncusEndpoint,
  method: string,
  path: string,
  body?: unknown,
  options?: RequestOptions,
): Promise<T> {
  const { status, envelope } = await incusRequest<T>(endpoint, method, path, body, options);
  if (envelope.type === "error" || status >= 400) throw new HostRefused(endpoint.host, envelope.error_code || status, envelope.error);
  return envelope.metadata;
}
