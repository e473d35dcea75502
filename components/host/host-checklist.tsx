"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { applyHostFixAction, recheckHostAction } from "@/app/host/actions";
import { essentialProblems, type CheckId, type ReadinessReport } from "@/lib/host-readiness";
import { formatTimestamp } from "@/lib/format-units";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { CheckRow } from "./check-row";
import { useRefreshHostReadiness } from "./readiness-query";

/** The checklist of /host: one row per requirement, Apply per fixable row, and a re-check. */
export function HostChecklist({ initialReport, isAdmin }: { initialReport: ReadinessReport; isAdmin: boolean }) {
  const [report, setReport] = useState(initialReport);
  const [applying, setApplying] = useState<CheckId | null>(null);
  const [rechecking, setRechecking] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<CheckId, string>>>({});
  const refreshDot = useRefreshHostReadiness();
  const router = useRouter();
  const toast = useToast();

  async function apply(id: CheckId) {
    setApplying(id);
    setErrors((e) => ({ ...e, [id]: undefined }));
    try {
      const result = await applyHostFixAction(id);
      const row = "row" in result ? result.row : null;
      if (row) setReport((r) => ({ ...r, rows: r.rows.map((x) => (x.id === id ? row : x)) }));
      if (result.ok) toast({ tone: "ok", content: result.message });
      else setErrors((e) => ({ ...e, [id]: result.error }));
    } catch {
      setErrors((e) => ({ ...e, [id]: "The fix could not be run: the server did not answer. See the audit log." }));
    } finally {
      setApplying(null);
      await refreshDot();
      router.refresh();
    }
  }

  async function recheck() {
    setRechecking(true);
    try {
      const result = await recheckHostAction();
      if ("rows" in result) {
        setReport(result);
        setErrors({});
      } else toast({ tone: "error", content: result.error });
    } finally {
      setRechecking(false);
      await refreshDot();
    }
  }

  const problems = essentialProblems(report.rows);
  return (
    <section aria-label="Host readiness" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <p className="min-w-0 flex-1 text-sm" role="status">
          {problems.length === 0 ? (
            <span className="font-medium text-green-700 dark:text-green-400">This host is ready for containers.</span>
          ) : (
            <span className="font-medium text-amber-800 dark:text-amber-300">
              Not ready: {problems.map((p) => p.title).join(", ")}.
            </span>
          )}{" "}
          <span className="text-muted">
            Checked for <span className="font-mono">{report.user}</span> at {formatTimestamp(report.checkedAt)}.
          </span>
        </p>
        <Button size="sm" onClick={recheck} disabled={rechecking} className="ml-auto">
          {rechecking && <Spinner />}
          Check again
        </Button>
      </div>
      {!report.root && (
        <p className="text-sm text-muted">
          The dashboard runs as <span className="font-mono">{report.user}</span>, not root: its containers are
          unprivileged, and fixes that need root are shown as commands to run on the host.
        </p>
      )}
      <ul className="rounded-md border border-line bg-panel">
        {report.rows.map((row) => (
          <CheckRow
            key={row.id}
            row={row}
            isAdmin={isAdmin}
            applying={applying === row.id}
            error={errors[row.id] ?? null}
            onApply={() => apply(row.id)}
          />
        ))}
      </ul>
    </section>
  );
}
