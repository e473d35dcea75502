import type { ReactNode } from "react";

/** A page-level message that something needs fixing; amber, never a stack trace. */
export function Banner({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2">{children}</div>}
    </div>
  );
}
