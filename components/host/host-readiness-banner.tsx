"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Banner } from "@/components/ui/banner";
import { CodeBlock } from "@/components/ui/code-block";
import { useHostReadiness } from "./readiness-query";

/**
 * On every page but /host itself, while something essential is missing: what
 * is missing, what was found, and the command that fixes it.
 */
export function HostReadinessBanner() {
  const { data } = useHostReadiness();
  const pathname = usePathname();
  if (!data || data.ready || pathname === "/host") return null;
  return (
    <div className="mb-4">
      <Banner title="This host is not ready for containers.">
        <ul className="space-y-2">
          {data.problems.map((p) => (
            <li key={p.id}>
              <p>
                <span className="font-medium">{p.title}</span>: {p.found}
              </p>
              {p.fix && <CodeBlock text={p.fix} label={`the fix for ${p.title}`} className="mt-1 bg-white/60 dark:bg-black/30" />}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          <Link href="/host" className="font-medium underline">
            Host
          </Link>{" "}
          has the whole checklist.
        </p>
      </Banner>
    </div>
  );
}
