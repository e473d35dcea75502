/** How long ago (or until) something is, coarsely: "45 s", "12 min", "5 h", "3 days". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} days`;
}

/** A cached image's expiry as lxc-download judges it: "expired 2 days ago", "in 28 days", or "no expiry". */
export function expiryText(expiresAt: string | null, now: number): { text: string; expired: boolean } {
  if (expiresAt === null) return { text: "no expiry", expired: false };
  const left = Date.parse(expiresAt) - now;
  return left < 0 ? { text: `expired ${formatAge(left)} ago`, expired: true } : { text: `in ${formatAge(left)}`, expired: false };
}
