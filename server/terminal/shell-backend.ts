import { homedir } from "node:os";
import type { TerminalSize } from "@/lib/terminal-protocol";
import { formatCommand, lxcAttachCommand } from "./attach-command";
import { spawnAttachPty, type PtyExit, type TerminalPty } from "./attach-pty";
import { readContainerState } from "./container-state";
import { explainAttachExit, type SessionEnd } from "./exit-reason";

/**
 * Where a terminal session's shell comes from. The terminal server (its
 * protocol, flow control, scrollback, reattach, tickets) is one; what runs
 * the shell differs by host: `lxc-attach` in a node-pty for this machine's
 * classic containers, Incus's exec WebSocket for an Incus one
 * (server/hosts/incus-shell.ts).
 */
export interface ShellBackend {
  /** The container's state now ("RUNNING", "STOPPED"…); null when there is no such container. Throws when it cannot tell. */
  readState(container: string): Promise<string | null>;
  /** Starts a shell; the command as the audit log records it. Throws when it cannot be started. */
  spawn(container: string, size: TerminalSize): Promise<{ pty: TerminalPty; command: string }>;
  /** Why the shell ended when nobody asked it to. */
  explainExit(container: string, exit: PtyExit): Promise<SessionEnd>;
}

/** The classic backend: `lxc-attach -P LXCPATH -n NAME --clear-env …` in a pty. */
export function lxcAttachBackend(lxcpath: string): ShellBackend {
  return {
    readState: (container) => readContainerState(lxcpath, container),
    async spawn(container, size) {
      const command = lxcAttachCommand(lxcpath, container, homedir());
      return { pty: spawnAttachPty(command, size), command: formatCommand(command) };
    },
    explainExit: (container, exit) => explainAttachExit(exit, { readState: () => readContainerState(lxcpath, container) }),
  };
}
