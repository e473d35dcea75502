import type { ReactNode } from "react";

/** Said in place of a table that has nothing to show, in a dashed box where the table would be. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-line bg-panel px-4 py-6 text-center text-sm text-muted">{children}</p>
  );
}
