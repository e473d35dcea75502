import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/next-path";
import { currentActor, setupNeeded } from "@/server/auth/next";
import { LoginForm } from "@/components/auth/login-form";
import { AuthCard } from "@/components/auth/signed-out-frame";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Only ever a path on this site: the login page must not be an open redirect.
  const next = safeNextPath((await searchParams).next);
  if (await setupNeeded()) redirect("/setup");
  if (await currentActor()) redirect(next);
  return (
    <AuthCard title="Sign in" intro="Signing in gives access to every container on this host.">
      <LoginForm next={next} />
    </AuthCard>
  );
}
