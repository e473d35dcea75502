import type { ProcessTotals } from "@/lib/process-types";
import { ProcessControls } from "./process-controls";
import { ProcessTotalsLine } from "./process-totals";
import type { useProcessViewState } from "./use-process-view-state";

/**
 * What stands over a process table on both the container's and the host's
 * view: the totals (null while loading), the filter and tree controls, and,
 * when a read failed, whether the rows shown are the last good ones
 * (`hasData`) or there are none.
 */
export function ProcessListHead({
  totals,
  shown,
  view,
  error,
  hasData,
}: {
  totals: ProcessTotals | null;
  shown: number;
  view: ReturnType<typeof useProcessViewState>;
  error: Error | null;
  hasData: boolean;
}) {
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <ProcessTotalsLine totals={totals} shown={shown} />
        <ProcessControls filter={view.filter} onFilter={view.setFilter} tree={view.tree} onTree={view.setTree} />
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {hasData
            ? `The last refresh failed (${error.message}); showing the processes as they were.`
            : `The processes could not be read: ${error.message}`}
        </p>
      )}
    </>
  );
}
