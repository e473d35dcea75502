import type { Metadata } from "next";
import { hostname } from "node:os";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppFrame } from "@/components/layout/app-frame";
import { THEME_SCRIPT } from "@/components/layout/theme";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LXC Dashboard", template: "%s · LXC Dashboard" },
  description: "Manage the LXC containers of this host.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The host name of the machine serving the request, not of the one that built the app.
  await connection();
  return (
    // The inline script sets the theme class before paint; React must not undo it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="bg-canvas font-sans text-ink antialiased">
        <Providers>
          <AppFrame hostName={hostname()}>{children}</AppFrame>
        </Providers>
      </body>
    </html>
  );
}
