"use client";

import type { MetricRange } from "@/lib/metrics";
import { buttonClasses } from "@/components/ui/button";

/** CSV and JSON downloads of what the charts show (any other range: the same route with from/to/step, see README). */
export function ExportLinks({ container, range }: { container: string | null; range: MetricRange }) {
  const href = (format: "csv" | "json") =>
    `/api/metrics/export?container=${encodeURIComponent(container ?? "host")}&range=${range}&format=${format}`;
  return (
    <div className="flex gap-2">
      <a href={href("csv")} download className={buttonClasses("secondary", "sm")}>
        Download CSV
      </a>
      <a href={href("json")} download className={buttonClasses("secondary", "sm")}>
        Download JSON
      </a>
    </div>
  );
}
