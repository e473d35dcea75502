import type { Role } from "@/lib/roles";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { AddUserForm } from "./add-user-form";
import { UserRowActions } from "./user-row-actions";

/** A user as the admin page shows it; times already formatted by the server. */
export interface UserView {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  created: string;
  createdIso: string;
}

/** The admin page: every account with its controls, and the form that adds one. */
export function UsersAdmin({ users, selfId }: { users: UserView[]; selfId: number }) {
  return (
    <>
      <Table label="Users">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Status</Th>
            <Th>Created</Th>
            <Th>Actions</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <Td className="font-mono font-medium">
                {u.name}
                {u.id === selfId && <span className="ml-2 font-sans text-xs font-normal text-muted">(you)</span>}
              </Td>
              <Td>
                <Badge tone={u.role === "admin" ? "blue" : "grey"}>{u.role}</Badge>
              </Td>
              <Td>{u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">enabled</Badge>}</Td>
              <Td className="font-mono text-xs whitespace-nowrap">
                <time dateTime={u.createdIso}>{u.created}</time>
              </Td>
              <Td>
                <UserRowActions user={u} self={u.id === selfId} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <section aria-labelledby="add-user-heading" className="max-w-xl rounded-lg border border-line bg-panel p-5">
        <h2 id="add-user-heading" className="mb-4 text-base font-semibold">
          Add user
        </h2>
        <AddUserForm />
      </section>
    </>
  );
}
