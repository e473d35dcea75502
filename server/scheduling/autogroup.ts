import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * The kernel's autogroup scheduling (CONFIG_SCHED_AUTOGROUP, on in Debian's
 * and Ubuntu's kernels): processes outside any CPU cgroup of their own share
 * the CPU by session, each session an equal share at its autogroup's nice
 * (`/proc/PID/autogroup`, sched(7)). Raising a nice is allowed for one's own
 * processes; lowering it below 0 needs root (CAP_SYS_NICE).
 */

/** Whether this kernel schedules by autogroup at all. */
export function autogroupsAvailable(): boolean {
  return existsSync("/proc/self/autogroup");
}

/** The nice of `pid`'s autogroup; null when there is none to read. */
export function readAutogroupNice(pid: number): number | null {
  try {
    const match = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Sets the nice of the autogroup (the session) of `pid`. False when it
 * cannot: no such process any more, a kernel without autogroups, or not
 * allowed; what runs there works the same, only without the priority.
 */
export function setAutogroupNice(pid: number, nice: number): boolean {
  if (!(pid > 0)) return false;
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false;
  }
}
