import { constants } from "node:os";
import { TerminalCloseCode } from "@/lib/terminal-protocol";
import type { PtyExit } from "./attach-pty";

export interface SessionEnd {
  code: number;
  reason: string;
}

/** States in which the container is gone or going; its shells went with it. */
const STOPPED_STATES = new Set(["STOPPED", "STOPPING", "ABORTING"]);

export function isStoppedState(state: string | null): boolean {
  return state === null || STOPPED_STATES.has(state);
}

function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return entry ? entry[0] : `signal ${signal}`;
}

export interface ExplainExitOptions {
  /** The container's state now (null: it no longer exists). */
  readState: () => Promise<string | null>;
  /** How often to look again, and how long to wait between looks, when the container may be on its way down. */
  recheck?: { times: number; delayMs: number };
}

/**
 * Why lxc-attach ended, as the close the tab gets. A stopping container kills
 * the shell inside (lxc-attach exits with 128+N, not by a signal) a moment
 * before lxc-info stops saying RUNNING, so that case is looked at again for a
 * short while before it is called a plain exit.
 */
export async function explainAttachExit(exit: PtyExit, options: ExplainExitOptions): Promise<SessionEnd> {
  const { times, delayMs } = options.recheck ?? { times: 8, delayMs: 250 };
  const mayBeStopping = exit.signal === 0 && exit.exitCode >= 128;
  let state = await options.readState().catch(() => "unknown");
  for (let i = 0; mayBeStopping && !isStoppedState(state) && i < times; i++) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    state = await options.readState().catch(() => "unknown");
  }
  if (isStoppedState(state)) return { code: TerminalCloseCode.ContainerStopped, reason: "The container stopped." };
  if (exit.signal !== 0) {
    return { code: TerminalCloseCode.AttachKilled, reason: `lxc-attach was killed on the host (${signalName(exit.signal)}).` };
  }
  return {
    code: TerminalCloseCode.ShellExited,
    reason: exit.exitCode === 0 ? "The shell exited." : `The shell exited with status ${exit.exitCode}.`,
  };
}
