import { HostAllowlist } from "@/server/auth/host-allowlist";
import type { SessionLookup } from "@/server/auth/sessions";
import type { SessionUser } from "@/server/auth/session-user";

/** Stand-ins for the database in access-check and ticket unit tests: cookie token → session. */
export const admin: SessionUser = { id: 1, name: "alice", role: "admin" };
export const otherAdmin: SessionUser = { id: 2, name: "bob", role: "admin" };
export const viewer: SessionUser = { id: 3, name: "carol", role: "viewer" };
export const disabledAdmin: SessionUser = { id: 4, name: "dave", role: "admin" };

export const tokens = {
  admin: "A".repeat(43),
  otherAdmin: "B".repeat(43),
  viewer: "C".repeat(43),
  disabled: "D".repeat(43),
  expired: "E".repeat(43),
};

export const cookieFor = (token: string): string => `theme=dark; lxcd_session=${token}`;

export async function fakeLookup(token: string | null): Promise<SessionLookup> {
  if (token === null) return { ok: false, reason: "no-session" };
  if (token === tokens.admin) return { ok: true, user: admin, sessionId: 11 };
  if (token === tokens.otherAdmin) return { ok: true, user: otherAdmin, sessionId: 12 };
  if (token === tokens.viewer) return { ok: true, user: viewer, sessionId: 13 };
  if (token === tokens.disabled) return { ok: false, reason: "user-disabled", user: disabledAdmin };
  if (token === tokens.expired) return { ok: false, reason: "session-expired" };
  return { ok: false, reason: "session-unknown" };
}

export const allowlist = new HostAllowlist(["localhost", "dash.lan"]);
