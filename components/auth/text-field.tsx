import type { ComponentProps } from "react";

export const fieldControl =
  "h-9 rounded-md border border-line bg-panel px-2.5 text-sm aria-[invalid=true]:border-red-500";
export const errorText = "text-sm text-red-700 dark:text-red-300";

/**
 * A labelled input with its hint and, when the server refused the value, its
 * error right below, tied to the input for screen readers.
 */
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
  hint?: string;
  error?: string;
} & ComponentProps<"input">) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`${fieldControl} ${className}`}
        {...input}
      />
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
    </div>
  );
}

/** A form-level message: what went wrong (role=alert) or what was done (role=status). */
export function FormMessage({ result }: { result: { ok: boolean; text: string } | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-sm text-green-800 dark:text-green-300">
      {result.text}
    </p>
  ) : (
    <p role="alert" className={errorText}>
      {result.text}
    </p>
  );
}
