import { readFileSync } from "node:fs";
import { autogroupsAvailable, setAutogroupNice } from "./autogroup";

/** The nice of the server's own autogroup when it runs as a service. */
export const SERVER_NICE = -10;

/**
 * A host whose containers keep both cores busy must still answer its
 * dashboard: a woken task of a higher-weight autogroup runs at once instead
 * of after the slices of everything else queued. So a server run as root
 * and away from any terminal (a service, its supervisor, a test or bench
 * harness) sets its own session's autogroup to nice -10; its terminals'
 * relays are sessions of their own and keep nice 0 (10 while they stream),
 * and containers run in cgroups of their own, which autogroups do not touch.
 * Started from a terminal, the session is the person's shell: left alone.
 * Returns what it did, for the start log, or null.
 */
export function raiseOwnPriority(): string | null {
  if (process.getuid?.() !== 0 || !autogroupsAvailable()) return null;
  if (controllingTerminal() !== 0) return null;
  if (!setAutogroupNice(process.pid, SERVER_NICE)) return null;
  return `Scheduling: this server's session runs at autogroup nice ${SERVER_NICE}, so a host busy with its containers still answers (server/scheduling).`;
}

/** tty_nr of /proc/self/stat: 0 when this process has no controlling terminal. */
function controllingTerminal(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[4]);
}
