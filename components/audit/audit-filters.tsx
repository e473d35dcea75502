import Form from "next/form";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { OUTCOMES } from "./outcome-badge";

export interface AuditFilterValues {
  container: string;
  user: string;
  outcome: string;
}

const field = "h-9 rounded-md border border-line bg-panel px-2.5 text-sm";

/**
 * A GET form: the filters live in the URL, so a filtered view can be linked to.
 * Each control is keyed by its value so following such a link (a client-side
 * navigation that keeps this component) shows the new filter, not the old text.
 */
export function AuditFilters({ values }: { values: AuditFilterValues }) {
  const any = values.container || values.user || values.outcome;
  return (
    <Form action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        Container
        <input key={values.container} name="container" defaultValue={values.container} autoComplete="off" className={`${field} w-44 font-mono`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        User
        <input key={values.user} name="user" defaultValue={values.user} autoComplete="off" className={`${field} w-36`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        Outcome
        <select key={values.outcome} name="outcome" defaultValue={values.outcome} className={`${field} w-36`}>
          <option value="">any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClasses("secondary")}>
        Apply filters
      </button>
      {any && (
        <Link href="/audit" className="h-9 content-center text-sm text-accent hover:underline">
          Clear filters
        </Link>
      )}
    </Form>
  );
}
