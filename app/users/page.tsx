import type { Metadata } from "next";
import { formatTimestamp } from "@/lib/format-units";
import { listUsers } from "@/server/auth/accounts";
import { pageUserOrRefusal } from "@/server/auth/next";
import { RefusedPage } from "@/components/layout/refused-page";
import { UsersAdmin } from "@/components/auth/users-admin";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { actor, refused } = await pageUserOrRefusal("admin", "view users", "/users");
  if (refused !== null) return <RefusedPage message={refused} />;
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
