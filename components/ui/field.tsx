import type { ComponentProps, ReactNode } from "react";

/** The look of a text input or select; aria-invalid turns its border red. */
export const fieldControl =
  "h-9 rounded-md border border-line bg-panel px-2.5 text-sm aria-[invalid=true]:border-red-500";
export const errorText = "text-sm text-red-700 dark:text-red-300";

/**
 * The aria attributes that tie the control `id` to its hint (`id-hint`) and
 * to its error (`id-error`), the ids Field and CheckboxField give them, so a
 * screen reader reads both with the control.
 */
export function fieldAria(id: string, error: string | undefined, hasHint = false) {
  const describedBy = [hasHint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return { "aria-invalid": error ? (true as const) : undefined, "aria-describedby": describedBy || undefined };
}

/** A control's hint and, when its value was refused, its error: the ids fieldAria points at. */
function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className={errorText}>
          {error}
        </p>
      )}
    </>
  );
}

/**
 * A labelled control with its hint and, when the value was refused, its error
 * right below. The control is the child, with id `id` and `fieldAria(id, ...)`.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A Field whose control is a text input; `className` adds to the input's look (width, font). */
export function TextField({
  id,
  label,
  hint,
  error,
  className = "",
  ...input
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
} & ComponentProps<"input">) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input id={id} {...fieldAria(id, error, Boolean(hint))} className={`${fieldControl} ${className}`} {...input} />
    </Field>
  );
}

/** A Field whose control is a select of plain strings, each option's text its value. */
export function SelectField({
  id,
  label,
  error,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={fieldControl} {...fieldAria(id, error)}>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label and hint beside it and, when refused, its error below them. */
export function CheckboxField({
  id,
  label,
  hint,
  checked,
  onChange,
  disabled,
  error,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string;
}) {
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 shrink-0 accent-accent"
        {...fieldAria(id, error, true)}
      />
      <div className="flex flex-col">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <FieldNotes id={id} hint={hint} error={error} />
      </div>
    </div>
  );
}
