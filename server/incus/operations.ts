import type { IncusEndpoint } from "./endpoint";
import { HostRefused } from "./errors";
import { incusRequest, type RequestOptions } from "./rest";

/** A background operation of Incus (create, start, exec, move…), as GET /1.0/operations/ID shows it. */
export interface IncusOperation {
  id: string;
  class: "task" | "websocket" | "token";
  status: string;
  status_code: number;
  err: string;
  metadata: Record<string, unknown> | null;
  location?: string;
}

/** Status codes of an ended operation (Incus's api.StatusCode). */
const SUCCESS = 200;
const ENDED = new Set([SUCCESS, 400, 401]);

/** Sends a request Incus answers with an operation; the operation as it started. Error answers throw HostRefused. */
export async function incusAsync(
  endpoint: IncusEndpoint,
  method: string,
  path: string,
  body?: unknown,
  options?: RequestOptions,
): Promise<IncusOperation> {
  const { status, envelope } = await incusRequest<IncusOperation>(endpoint, method, path, body, options);
  if (envelope.type === "error" || status >= 400) throw new HostRefused(endpoint.host, envelope.error_code || status, envelope.error);
  return envelope.metadata;
}

/**
 * Waits until the operation has ended (GET …/wait, in slices of at most a
 * minute so a dropped connection is noticed) and returns it; a failed or
 * cancelled one throws HostRefused with Incus's own reason.
 */
export async function waitOperation(
  endpoint: IncusEndpoint,
  operation: IncusOperation,
  options: { timeoutSeconds?: number; signal?: AbortSignal } = {},
): Promise<IncusOperation> {
  const deadline = Date.now() + (options.timeoutSeconds ?? 600) * 1000;
  let op = operation;
  while (!ENDED.has(op.status_code)) {
    if (options.signal?.aborted) {
      await incusRequest(endpoint, "DELETE", `/1.0/operations/${op.id}`).catch(() => undefined);
      throw new HostRefused(endpoint.host, 401, "cancelled");
    }
    const left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) throw new HostRefused(endpoint.host, 504, `operation ${op.id} had not ended after ${options.timeoutSeconds ?? 600} s`);
    const slice = Math.min(left, 60);
    const { status, envelope } = await incusRequest<IncusOperation>(endpoint, "GET", `/1.0/operations/${op.id}/wait?timeout=${slice}`, undefined, {
      timeoutMs: (slice + 10) * 1000,
      signal: options.signal,
    });
    if (envelope.type === "error" || status >= 400) throw new HostRefused(endpoint.host, envelope.error_code || status, envelope.error);
    op = envelope.metadata;
  }
  if (op.status_code !== SUCCESS) throw new HostRefused(endpoint.host, op.status_code, op.err || op.status);
  return op;
}

/** Starts an operation and waits for its end. */
export async function incusRun(
  endpoint: IncusEndpoint,
  method: string,
  path: string,
  body?: unknown,
  options: { timeoutSeconds?: number; signal?: AbortSignal } = {},
): Promise<IncusOperation> {
  const op = await incusAsync(endpoint, method, path, body);
  return waitOperation(endpoint, op, options);
}
