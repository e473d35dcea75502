// The /metrics tokens as the admin page shows them (never the token itself, never its hash).

export interface MetricsTokenView {
  id: number;
  name: string;
  /** The token's first characters, to tell tokens apart ("lxcm_3fQ9…"). */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type CreateTokenResult = { ok: true; token: string; message: string } | { ok: false; error: string; field?: string };

/** A name people recognise the token by ("grafana on nas"): 1–60 printable characters. */
export function tokenNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name.trim() === "") return "Give the token a name, e.g. the scraper that will use it.";
  if (name.trim().length > 60) return "A token name has at most 60 characters.";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "A token name cannot contain control characters.";
  return null;
}
