import { STATE_LABEL, type CheckState } from "@/lib/host-readiness";

const STYLE: Record<CheckState, string> = {
  ok: "text-green-700 dark:text-green-400",
  missing: "text-red-700 dark:text-red-400",
  wrong: "text-amber-700 dark:text-amber-400",
};

/** A status icon with its word, so the state never rests on colour alone. */
export function CheckStateLabel({ state, essential }: { state: CheckState; essential: boolean }) {
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs font-semibold whitespace-nowrap ${STYLE[state]}`}>
      <svg viewBox="0 0 16 16" className="size-4 shrink-0" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
        <circle cx="8" cy="8" r="6.5" />
        {state === "ok" ? (
          <path d="M5 8.2l2 2 4-4.2" strokeLinecap="round" strokeLinejoin="round" />
        ) : state === "missing" ? (
          <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" strokeLinecap="round" />
        ) : (
          <path d="M8 4.5v4.2M8 11v.2" strokeLinecap="round" />
        )}
      </svg>
      {STATE_LABEL[state]}
      {state !== "ok" && !essential && <span className="font-normal text-muted">(optional)</span>}
    </span>
  );
}
