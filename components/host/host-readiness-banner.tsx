"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Banner } from "@/components/ui/banner";
import { useHostReadiness } from "./readiness-query";

/** On every page but /host itself, while something essential is missing: what, and a link to fix it. */
export function HostReadinessBanner() {
  const { data } = useHostReadiness();
  const pathname = usePathname();
  if (!data || data.ready || pathname === "/host") return null;
  return (
    <div className="mb-4">
      <Banner title="This host is not ready for containers.">
        <p>
          {data.problems.map((p) => p.title).join(", ")}
          {" — "}
          <Link href="/host" className="font-medium underline">
            see Host for the fix
          </Link>
          .
        </p>
      </Banner>
    </div>
  );
}
