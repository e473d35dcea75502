import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { Skeleton } from "./skeleton";

/**
 * A dense data table that scrolls sideways on a narrow screen instead of
 * squeezing. Positioned, so what sits out of view in it (visually hidden
 * labels, say) scrolls with it instead of widening the page.
 */
export function Table({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="relative overflow-x-auto rounded-md border border-line bg-panel">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={`h-9 border-b border-line bg-panel-raised px-3 text-xs font-semibold whitespace-nowrap text-muted ${className}`}
      {...props}
    />
  );
}

/** The header of a column of row buttons: named for screen readers, blank on screen. */
export function ActionsTh({ className = "" }: { className?: string }) {
  return (
    <Th className={className}>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

export type SortDirection = "ascending" | "descending";

/** A column header that sorts on click; aria-sort tells assistive tech the order. */
export function SortableTh({
  label,
  direction,
  onSort,
  className = "",
}: {
  label: string;
  direction: SortDirection | null;
  onSort: () => void;
  className?: string;
}) {
  return (
    <Th aria-sort={direction ?? "none"} className={className}>
      <button
        type="button"
        onClick={onSort}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-ink"
      >
        {label}
        <span aria-hidden="true" className="w-2 text-[10px]">
          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : ""}
        </span>
      </button>
    </Th>
  );
}

/** Rows have one fixed height so live updates never shift the table. */
export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`h-11 border-b border-line px-3 align-middle ${className}`} {...props} />;
}

/** One row across all `columns` that says why the table has no rows (none yet, none match). */
export function TableMessageRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <Td colSpan={columns} className="text-muted">
        {children}
      </Td>
    </tr>
  );
}

/** Placeholder rows while a table's first answer is on its way: the table keeps its height, nothing jumps. */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    <tr key={i}>
      {Array.from({ length: columns }, (_, j) => (
        <Td key={j}>
          <Skeleton className="h-3.5 w-full max-w-24" />
        </Td>
      ))}
    </tr>
  ));
}
