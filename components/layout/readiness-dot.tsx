"use client";

import Link from "next/link";
import { useHostReadiness } from "@/components/host/readiness-query";

/**
 * Green when the host has everything essential for containers, amber when
 * something is to fix; a link to Host either way. Grey until the first answer.
 */
export function ReadinessDot() {
  const { data, error } = useHostReadiness();
  const [colour, text] = !data
    ? ["bg-zinc-400", error ? "Host status unknown" : "Checking the host"]
    : data.ready
      ? ["bg-green-500", "Host ready"]
      : ["bg-amber-500", `Host needs attention: ${data.problems.map((p) => p.title).join(", ")}`];
  return (
    <Link href="/host" title={text} className="inline-flex size-6 items-center justify-center rounded-md hover:bg-panel-raised">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${colour}`} />
      <span className="sr-only">{text}</span>
    </Link>
  );
}
