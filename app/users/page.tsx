import type { Metadata } from "next";
import { formatTimestamp } from "@/lib/format-units";
import { listUsers } from "@/server/auth/accounts";
import { AuthRefused, requirePageUser } from "@/server/auth/next";
import { UsersAdmin } from "@/components/auth/users-admin";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  let actor;
  try {
    actor = await requirePageUser("admin", "view users", "/users");
  } catch (e) {
    if (!(e instanceof AuthRefused)) throw e;
    return <p className="py-16 text-center text-sm text-muted">{e.refusal.message}</p>;
  }
  const users = (await listUsers()).map((u) => ({
    id: u.id,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    // Formatted here, in the host's time zone, like the audit log.
    created: formatTimestamp(u.createdAt.toISOString()),
    createdIso: u.createdAt.toISOString(),
  }));
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-xl font-semibold">Users</h1>
        <p className="text-sm text-muted">
          Admins can do everything; viewers see containers, processes and the audit log but cannot act or open a
          shell.
        </p>
      </div>
      <UsersAdmin users={users} selfId={actor.id} />
    </div>
  );
}
