import { containerKeyProblem } from "@/lib/hosts";
import {
  clampTerminalSize,
  isTerminalSessionId,
  TERMINAL_WS_PATH,
  terminalTabNameProblem,
  type TerminalSize,
} from "@/lib/terminal-protocol";

/** What a terminal upgrade asks for, read from its URL (format: lib/terminal-protocol.ts). */
export interface TerminalUpgradeRequest {
  container: string;
  /** Empty when the URL has none; the authorize step refuses it. */
  ticket: string;
  /** Set to reattach to an existing session. */
  sessionId: string | null;
  /** Tab name for a new session; null for the default. */
  name: string | null;
  size: TerminalSize;
}

export type ParsedUpgrade = { ok: true; request: TerminalUpgradeRequest } | { ok: false; reason: string };

const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

function urlOf(rawUrl: string | undefined): URL | null {
  try {
    // Only the path and query matter; the base is a placeholder.
    return new URL(rawUrl ?? "", "http://terminal.invalid");
  } catch {
    return null;
  }
}

/** True when an upgrade request is for the terminal's socket path. */
export function isTerminalUpgradePath(rawUrl: string | undefined): boolean {
  return urlOf(rawUrl)?.pathname === TERMINAL_WS_PATH;
}

/** One value of a query parameter; a repeated parameter is ambiguous and refused. */
function single(query: URLSearchParams, key: string): { value: string | null } | null {
  const values = query.getAll(key);
  if (values.length > 1) return null;
  return { value: values[0] ?? null };
}

/**
 * Reads and checks the query. The container name is checked first, before
 * anything else looks at the request.
 */
export function parseTerminalUpgrade(rawUrl: string | undefined): ParsedUpgrade {
  const query = urlOf(rawUrl)?.searchParams;
  if (!query) return { ok: false, reason: "Malformed URL." };

  const container = single(query, "container");
  if (!container) return { ok: false, reason: "Give the container once." };
  // A classic container's NAME, or an Incus one's TARGET/NAME.
  const nameProblem = containerKeyProblem(container.value);
  if (nameProblem) return { ok: false, reason: `Bad container name: ${nameProblem}` };

  const ticket = single(query, "ticket");
  const session = single(query, "session");
  const tabName = single(query, "name");
  const cols = single(query, "cols");
  const rows = single(query, "rows");
  if (!ticket || !session || !tabName || !cols || !rows) return { ok: false, reason: "A query parameter is repeated." };

  if (session.value !== null && !isTerminalSessionId(session.value)) return { ok: false, reason: "Bad session id." };
  if (tabName.value !== null) {
    const problem = terminalTabNameProblem(tabName.value);
    if (problem) return { ok: false, reason: problem };
  }

  let size = DEFAULT_SIZE;
  if (cols.value !== null || rows.value !== null) {
    const clamped = clampTerminalSize(Number(cols.value ?? "x"), Number(rows.value ?? "x"));
    if (!clamped) return { ok: false, reason: "Bad terminal size." };
    size = clamped;
  }

  return {
    ok: true,
    request: {
      container: container.value as string,
      ticket: ticket.value ?? "",
      sessionId: session.value,
      name: tabName.value?.trim() ?? null,
      size,
    },
  };
}
