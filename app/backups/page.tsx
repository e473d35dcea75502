import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { BackupsPageView } from "@/components/backups/backups-page-view";

export const metadata: Metadata = { title: "Backups" };

export default async function BackupsPage() {
  await requirePageUser("viewer", "view backups", "/backups");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Backups</h1>
      <BackupsPageView />
    </div>
  );
}
