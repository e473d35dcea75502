import { isRole, type Role } from "@/lib/roles";

/** Who a valid session belongs to. */
export interface SessionUser {
  id: number;
  name: string;
  role: Role;
}

/** A stored role that is not one of ours (a hand-edited row) gets the lesser one. */
export function sessionUserFromRow(row: { id: number; name: string; role: string }): SessionUser {
  return { id: row.id, name: row.name, role: isRole(row.role) ? row.role : "viewer" };
}
