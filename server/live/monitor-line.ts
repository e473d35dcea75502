import { containerNameProblem } from "@/lib/container-name";
import type { ContainerState } from "@/lib/container-types";
import { readState } from "../lxc/parse-fields";

/**
 * One line of `lxc-monitor -n '.*'`:
 *   'web' changed state to [RUNNING]
 *   'web' exited with status [137]
 * A line that is neither, or names a container our name schema refuses (a
 * container made by hand with another name), is reported as ignored with the
 * reason, for the log.
 */
export type MonitorLine =
  | { kind: "state"; name: string; state: ContainerState }
  | { kind: "exit"; name: string; status: number }
  | { kind: "ignored"; reason: string };

const STATE_LINE = /^'(.*)' changed state to \[([A-Z]+)\]$/;
const EXIT_LINE = /^'(.*)' exited with status \[(-?\d+)\]$/;

export function parseMonitorLine(raw: string): MonitorLine {
  const line = raw.trim();
  const clip = JSON.stringify(line.slice(0, 200));
  const stateMatch = STATE_LINE.exec(line);
  const exitMatch = stateMatch ? null : EXIT_LINE.exec(line);
  const m = stateMatch ?? exitMatch;
  if (!m) return { kind: "ignored", reason: `not an lxc-monitor line: ${clip}` };
  const name = m[1]!;
  const problem = containerNameProblem(name);
  if (problem) return { kind: "ignored", reason: `container name refused (${problem}): ${clip}` };
  if (exitMatch) return { kind: "exit", name, status: Number(m[2]) };
  const state = readState(m[2]!);
  if (!state) return { kind: "ignored", reason: `unknown state: ${clip}` };
  return { kind: "state", name, state };
}
