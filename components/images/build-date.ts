/** A build's date as "2025-11-27 07:42 UTC" (the same text on server and browser), or its raw name when it is not a date. */
export function buildDateText({ build, builtAt }: { build: string | null; builtAt: string | null }): string {
  if (builtAt) return `${builtAt.slice(0, 10)} ${builtAt.slice(11, 16)} UTC`;
  return build ?? "unknown";
}
