/** The fields of /proc/PID/stat the process view uses (proc(5) numbering in comments). */
export interface ProcStat {
  pid: number; // 1
  /** The kernel's 15-byte task name; may hold spaces, parentheses, even newlines. */
  comm: string; // 2
  state: string; // 3
  ppid: number; // 4
  utimeTicks: number; // 14
  stimeTicks: number; // 15
  threads: number; // 20
  /** Clock ticks after boot at which the process started; with the PID, it identifies the process. */
  startTicks: number; // 22
}

/**
 * Parses one /proc/PID/stat line. comm is everything between the first "(" and
 * the LAST ")": a program can name itself "a) b (c" and only the last ")" is
 * the kernel's. Returns null for text that is not a stat line (a truncated read).
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf(" (");
  const close = text.lastIndexOf(")");
  if (open < 1 || close < open) return null;
  // After ") " come fields 3, 4, ...: rest[i] is field i + 3.
  const rest = text.slice(close + 2).split(" ", 20); // fields 3 to 22 of ~52
  if (rest.length < 20) return null;
  const n = (field: number) => Number(rest[field - 3]);
  const stat: ProcStat = {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 2, close),
    state: rest[0] ?? "",
    ppid: n(4),
    utimeTicks: n(14),
    stimeTicks: n(15),
    threads: n(20),
    startTicks: n(22),
  };
  const numbers = [stat.pid, stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.threads, stat.startTicks];
  return numbers.every(Number.isSafeInteger) && stat.state.length === 1 ? stat : null;
}
