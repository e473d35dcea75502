import type { Metadata } from "next";
import { hostname } from "node:os";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SignedOutFrame } from "@/components/auth/signed-out-frame";
import { UserMenu } from "@/components/auth/user-menu";
import { AppFrame } from "@/components/layout/app-frame";
import { THEME_SCRIPT } from "@/components/layout/theme";
import { currentActor } from "@/server/auth/next";
import { nonceFromPolicy } from "@/server/security-headers";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LXC Dashboard", template: "%s · LXC Dashboard" },
  description: "Manage the LXC containers of this host.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The host name of the machine serving the request, not of the one that built the app.
  await connection();
  // Pages check the session themselves (and redirect to sign-in); the frame only shows who it is.
  const actor = await currentActor();
  const user = actor && { name: actor.name, role: actor.role };
  // The policy lets an inline script run only with this request's nonce (server/security-headers.ts).
  const nonce = nonceFromPolicy((await headers()).get("content-security-policy"));
  return (
    // The inline script sets the theme class before paint; React must not undo it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="bg-canvas font-sans text-ink antialiased">
        <Providers user={user}>
          {user ? (
            <AppFrame hostName={hostname()} userMenu={<UserMenu />}>
              {children}
            </AppFrame>
          ) : (
            // Signed out (the sign-in and setup pages): no navigation or live host status.
            <SignedOutFrame hostName={hostname()}>{children}</SignedOutFrame>
          )}
        </Providers>
      </body>
    </html>
  );
}
