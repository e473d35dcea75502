import { readFileSync } from "node:fs";
import path from "node:path";
import { rawRequest, type RawResponse } from "./raw-http";

/**
 * Server actions called the way the browser calls them — a POST to a page
 * with the action's id in `Next-Action` and its arguments as the body — but
 * with whatever cookie and Origin a test chooses.
 */

/** "app/users/actions.ts#addUserAction" for every server action in the production build. */
export type ActionKey = `${string}#${string}`;

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

/** Every server action the build contains, from Next's own manifest of them, by file#export. */
export function buildActions(): Map<ActionKey, string> {
  const file = path.join(import.meta.dirname, "..", ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const ids = new Map<ActionKey, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) throw new Error(`server action ${id} has no file or name in the manifest`);
    ids.set(`${entry.filename}#${entry.exportedName}`, id);
  }
  return ids;
}

export interface ActionCall {
  /** The page the action is posted to, e.g. "/users". */
  page: string;
  id: string;
  args: unknown[];
  cookie?: string;
  /** Our own origin unless given; null sends no Origin header at all. */
  origin?: string | null;
  host?: string;
  /** More headers, e.g. x-middleware-subrequest. */
  headers?: Record<string, string>;
  localAddress?: string;
}

export interface ActionResponse extends RawResponse {
  /** The action's return value, when the server ran it and it returned one. */
  result: Record<string, unknown> | undefined;
}

export async function callAction(baseURL: string, call: ActionCall): Promise<ActionResponse> {
  const own = new URL(baseURL);
  const response = await rawRequest(new URL(call.page, baseURL).href, {
    method: "POST",
    localAddress: call.localAddress,
    headers: {
      host: call.host ?? own.host,
      origin: call.origin === undefined ? own.origin : (call.origin ?? undefined),
      cookie: call.cookie,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": call.id,
      ...call.headers,
    },
    // React's reply encoding of plain JSON values is the JSON itself.
    body: JSON.stringify(call.args),
  });
  return { ...response, result: actionResult(response.body) };
}

/** The action's result in the RSC answer: the first row that is an object with `ok`. */
function actionResult(body: string): Record<string, unknown> | undefined {
  for (const line of body.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    try {
      const value: unknown = JSON.parse(json);
      if (value && typeof value === "object" && "ok" in value) return value as Record<string, unknown>;
    } catch {
      // not a JSON row
    }
  }
  return undefined;
}
