import { errorText } from "./field";

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
