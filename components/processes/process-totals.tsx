import { formatBytes } from "@/lib/format-units";
import type { ProcessTotals } from "@/lib/process-types";
import { Skeleton } from "@/components/ui/skeleton";
import { cpuText } from "./process-format";

function Total({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="h-6 font-mono text-base tabular-nums">{children}</dd>
    </div>
  );
}

/** The line over the table, like top's summary: processes, CPU% and memory (null while loading). */
export function ProcessTotalsLine({ totals, shown }: { totals: ProcessTotals | null; shown: number }) {
  const loading = <Skeleton className="mt-1 h-4 w-14" />;
  return (
    <dl aria-label="Totals" className="flex flex-wrap gap-x-8 gap-y-2">
      <Total label="Processes">
        {totals ? (
          <>
            {totals.processes}
            {shown !== totals.processes && <span className="text-sm text-muted"> ({shown} shown)</span>}
          </>
        ) : (
          loading
        )}
      </Total>
      <Total label="CPU %">{totals ? cpuText(totals.cpuPercent) : loading}</Total>
      <Total label="Memory">{totals ? formatBytes(totals.rssBytes) : loading}</Total>
    </dl>
  );
}
