import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { setupTokenFile } from "@/server/auth/setup-token";
import { setupNeeded } from "@/server/auth/next";
import { SetupForm } from "@/components/auth/setup-form";
import { AuthCard } from "@/components/auth/signed-out-frame";

export const metadata: Metadata = { title: "First-run setup" };

/** Open only while no account exists; afterwards the sign-in page takes its place. */
export default async function SetupPage() {
  if (!(await setupNeeded())) redirect("/login");
  return (
    <AuthCard
      title="Create the first admin"
      intro="No account exists yet. The setup token shows that you run this server; it works once."
    >
      <SetupForm tokenFile={setupTokenFile()} />
    </AuthCard>
  );
}
