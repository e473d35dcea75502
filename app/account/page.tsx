import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageUser("viewer", "view own account", "/account");
  return (
    <div className="flex max-w-md flex-col gap-5">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-muted">
          Signed in as <span className="font-mono text-ink">{actor.name}</span> ({actor.role}).
        </p>
      </div>
      <section aria-labelledby="password-heading" className="rounded-lg border border-line bg-panel p-5">
        <h2 id="password-heading" className="text-base font-semibold">
          Change password
        </h2>
        <p className="mt-1 mb-4 text-sm text-muted">
          Changing it signs out every other session of yours, on every device; this one stays signed in.
        </p>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
