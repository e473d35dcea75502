/**
 * The two roles. An admin may do everything; a viewer sees the container list,
 * container pages, processes and the audit log but cannot act, create, destroy
 * or open a shell. Shared by the server's access checks and the UI (which hides
 * what a viewer cannot do — hiding is a courtesy, the server still checks).
 */
export const ROLES = ["admin", "viewer"] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether a user with `role` may pass an access check that needs `need`. */
export function roleSatisfies(role: Role, need: Role): boolean {
  return need === "viewer" || role === "admin";
}
