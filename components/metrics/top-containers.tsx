"use client";

import Link from "next/link";
import { useState } from "react";
import type { TopContainer } from "@/lib/metrics";
import { formatMetric } from "@/lib/metrics-format";

const SHOWN = 5;

const BOARDS = [
  { key: "cpu", title: "By CPU", unit: "percent" },
  { key: "mem", title: "By memory", unit: "bytes" },
  { key: "net", title: "By network (rx + tx)", unit: "bytesPerSecond" },
] as const;

/** The busiest containers by CPU, memory and network, now or over the last 24 hours. */
export function TopContainers({ now, day }: { now: TopContainer[]; day: TopContainer[] }) {
  const [when, setWhen] = useState<"now" | "day">("now");
  const rows = when === "now" ? now : day;
  return (
    <section aria-labelledby="top-containers" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="top-containers" className="text-base font-semibold">
          Top containers
        </h2>
        <div role="group" aria-label="Top containers over" className="inline-flex overflow-hidden rounded-md border border-line">
          {(["now", "day"] as const).map((w) => (
            <button
              key={w}
              type="button"
              aria-pressed={when === w}
              onClick={() => setWhen(w)}
              className={`h-8 px-2.5 text-xs ${when === w ? "bg-accent font-medium text-accent-ink" : "bg-panel text-muted hover:bg-panel-raised"}`}
            >
              {w === "now" ? "Now" : "Last 24 h"}
            </button>
          ))}
        </div>
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        {BOARDS.map((board) => {
          const top = rows
            .filter((r) => r[board.key] !== null)
            .sort((a, b) => b[board.key]! - a[board.key]!)
            .slice(0, SHOWN);
          return (
            <div key={board.key} className="rounded-md border border-line bg-panel">
              <table className="w-full text-sm" aria-label={`${board.title}, ${when === "now" ? "now" : "average over the last 24 hours"}`}>
                <thead>
                  <tr className="border-b border-line text-left text-xs text-muted">
                    <th className="px-3 py-2 font-medium">{board.title}</th>
                    <th className="px-3 py-2 text-right font-medium">{when === "now" ? "now" : "24 h average"}</th>
                  </tr>
                </thead>
                <tbody>
                  {top.map((r) => (
                    <tr key={r.name} className="h-8 border-b border-line last:border-0">
                      <td className="px-3 font-mono text-xs">
                        <Link href={`/containers/${encodeURIComponent(r.name)}/metrics`} className="hover:underline">
                          {r.name}
                        </Link>
                      </td>
                      <td className="px-3 text-right font-mono text-xs">{formatMetric(r[board.key], board.unit)}</td>
                    </tr>
                  ))}
                  {top.length === 0 && (
                    <tr className="h-8">
                      <td colSpan={2} className="px-3 text-xs text-muted">
                        {when === "now" ? "No running container sampled yet." : "No history in the last 24 hours yet."}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          );
        })}
      </div>
    </section>
  );
}
