"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { formatBytes } from "@/lib/format-units";
import { processTotals, type UidRangeInUse } from "@/lib/process-types";
import { formatUidRange } from "@/lib/uid-range";
import { CodeBlock } from "@/components/ui/code-block";
import { cpuText } from "./process-format";
import { groupByContainer } from "./process-order";
import { useHostProcesses } from "./process-queries";
import { ProcessListHead } from "./process-list-head";
import { ProcessTable } from "./process-table";
import { UidRangeForm } from "./uid-range-form";
import { useProcessViewState } from "./use-process-view-state";

const NO_CONTAINER = "no container";

function RangeList({ ranges }: { ranges: UidRangeInUse[] }) {
  if (ranges.length === 0) {
    return <p className="text-sm text-muted">No subordinate uid range is in use: no container maps its uids and the dashboard&apos;s user has none.</p>;
  }
  return (
    <ul className="flex flex-col gap-0.5 text-sm">
      {ranges.map((range) => (
        <li key={formatUidRange(range)}>
          <span className="font-mono">{formatUidRange(range)}</span>
          {range.owners.length > 0 && <span className="text-muted"> — {range.owners.join(", ")}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The host view: what `top -U <uid>` shows on this host, for every
 * subordinate uid range in use or for the uid or range typed, grouped by the
 * container each process belongs to. `anyRange`: the user may list any uid
 * (an admin); a viewer only uids within the ranges in use.
 */
export function HostProcessesView({ anyRange }: { anyRange: boolean }) {
  const [range, setRange] = useState<string | null>(null);
  const { data, error, isPending } = useHostProcesses(range);
  const view = useProcessViewState();
  const { order } = view;

  const groups = useMemo(
    () =>
      groupByContainer(data?.processes ?? []).map(({ container, rows }) => {
        const totals = processTotals(rows);
        const ordered = order(rows);
        return {
          key: container ?? "",
          label: container ?? NO_CONTAINER,
          extra: (
            <span className="ml-3 text-xs text-muted">
              {totals.processes} {totals.processes === 1 ? "process" : "processes"} · CPU {cpuText(totals.cpuPercent)} % ·{" "}
              {formatBytes(totals.rssBytes)}
              {container && (
                <Link href={`/containers/${encodeURIComponent(container)}/processes`} className="ml-3 text-accent hover:underline">
                  Processes tab
                </Link>
              )}
            </span>
          ),
          rows: ordered,
        };
      }),
    [data, order],
  );
  const shown = groups.reduce((n, g) => n + g.rows.length, 0);
  const single = range !== null && !range.includes("-") ? range : null;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-xl font-semibold">Processes</h1>
        <p className="max-w-3xl text-sm text-muted">
          Every process running as a mapped uid, as <code className="font-mono text-ink">top -U</code> shows them on the host, each
          with the container it belongs to.
        </p>
      </div>

      <div className="flex flex-wrap items-start justify-between gap-6">
        <div className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold text-muted">{range === null ? "Uid ranges in use" : "Uids shown"}</h2>
          {data ? <RangeList ranges={data.ranges} /> : <p className="h-5 text-sm text-muted">…</p>}
          {single && <CodeBlock text={`top -U ${single}`} label="the top command" className="w-56" />}
        </div>
        <UidRangeForm active={range} onChange={setRange} anyRange={anyRange} />
      </div>

      <div className="flex flex-col gap-4">
        <ProcessListHead totals={data?.totals ?? null} shown={shown} view={view} error={error} hasData={Boolean(data)} />
        <ProcessTable
          groups={groups}
          sort={view.sort}
          onSort={view.sortBy}
          loading={isPending}
          message={
            data && data.processes.length === 0
              ? "No process runs as one of these uids."
              : data && shown === 0
                ? `No process matches “${view.filter.trim()}”.`
                : null
          }
        />
      </div>
    </div>
  );
}
