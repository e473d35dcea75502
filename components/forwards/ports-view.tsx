"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { AddForwardForm } from "./add-forward-form";
import { useForwards } from "./forward-queries";
import { ForwardsTable } from "./forwards-table";
import { MechanismNote } from "./mechanism-note";

/** The Ports page: every forward with its state, and (admins) a form to add one by hand. */
export function PortsView({ canAct }: { canAct: boolean }) {
  const { data, error } = useForwards();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">Ports</h1>
        <p className="text-sm text-muted">Ports of this host forwarded to containers, so other machines on the LAN reach their services.</p>
        {data && <MechanismNote limits={data.limits} />}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {data ? `The last refresh failed (${error.message}); showing the forwards as they were.` : `The forwards could not be loaded: ${error.message}`}
        </p>
      )}
      {data ? <ForwardsTable data={data} canAct={canAct} /> : !error && <Skeleton className="h-24 w-full" />}
      {canAct && data && (
        <section aria-labelledby="add-forward-heading" className="flex flex-col gap-2">
          <h2 id="add-forward-heading" className="text-sm font-semibold text-muted">
            Add a forward
          </h2>
          <AddForwardForm limits={data.limits} />
        </section>
      )}
    </div>
  );
}
