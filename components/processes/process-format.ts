import type { ProcessRow } from "@/lib/process-types";

/**
 * The host's and the container's uid side by side: "100000 → 0 (root)".
 * A process outside any container's map has only its host uid.
 */
export function uidMappingText(row: Pick<ProcessRow, "hostUid" | "uid" | "user">): string {
  if (row.uid === null) return String(row.hostUid);
  return `${row.hostUid} → ${row.uid}${row.user === null ? "" : ` (${row.user})`}`;
}

/** The user inside the container: its name, else its uid; "—" when the process is in no container. */
export function userText(row: Pick<ProcessRow, "uid" | "user">): string {
  return row.user ?? (row.uid === null ? "—" : String(row.uid));
}

/** One decimal, as top shows it. */
export function cpuText(percent: number): string {
  return percent.toFixed(1);
}

const STATES: Record<string, string> = {
  R: "running",
  S: "sleeping",
  D: "waiting for disk",
  Z: "zombie",
  T: "stopped",
  t: "stopped by a debugger",
  I: "idle",
  X: "dead",
};

export function stateName(letter: string): string {
  return STATES[letter] ?? "unknown state";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Like ps's START column: the time for a process started today, else the date (in the viewer's time zone). */
export function startedText(startTime: number, now: Date): string {
  const d = new Date(startTime);
  const today = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return today
    ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
