import { parseContainerKey } from "@/lib/hosts";
import type { IncusInstanceState } from "../incus/api-types";
import { openExecPty } from "../incus/exec-pty";
import { stateOf } from "../incus/instance-row";
import { incusRequest } from "../incus/rest";
import { TERMINAL_TERM } from "../terminal/attach-command";
import { explainAttachExit } from "../terminal/exit-reason";
import type { ShellBackend } from "../terminal/shell-backend";
import { formatRestCall, incusPaths, withProject } from "./incus-paths";
import { hostEntry, type HostEntry } from "./registry";

/** What `incus shell` runs: root's login shell from the container's own /etc/passwd. */
export const INCUS_SHELL_COMMAND = ["su", "-l"];
const SANE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The exact exec request a shell sends, as the audit row records it. */
export function shellExecBody(size: { cols: number; rows: number }) {
  return {
    command: INCUS_SHELL_COMMAND,
    environment: { TERM: TERMINAL_TERM, HOME: "/root", PATH: SANE_PATH },
    interactive: true,
    "wait-for-websocket": true,
    width: size.cols,
    height: size.rows,
  };
}

async function entryAndName(key: string): Promise<{ entry: HostEntry; name: string } | null> {
  const { target, name } = parseContainerKey(key);
  if (!target) return null;
  const entry = await hostEntry(target);
  return entry ? { entry, name } : null;
}

/** The instance's state from its host now (not the store: a shell must not open on a stale RUNNING); null when it does not exist. */
async function readState(key: string): Promise<string | null> {
  const found = await entryAndName(key);
  if (!found) return null;
  const { entry, name } = found;
  const { status, envelope } = await incusRequest<IncusInstanceState>(entry.record.endpoint, "GET", withProject(incusPaths.instanceState(name), entry.record.project));
  if (status === 404) return null;
  if (envelope.type === "error" || status >= 400) throw new Error(`Incus on ${entry.record.name} answered ${status}: ${envelope.error}`);
  return stateOf(envelope.metadata.status);
}

/**
 * The terminal server's backend for an Incus container (TARGET/NAME): a
 * shell through the instance's exec WebSocket, behind the same browser
 * protocol, flow control, reattach and tickets as a classic one.
 */
export const incusShellBackend: ShellBackend = {
  readState,
  async spawn(key, size) {
    const found = await entryAndName(key);
    if (!found) throw new Error(`There is no host for ${key}.`);
    const { entry, name } = found;
    const path = withProject(incusPaths.instanceExec(name), entry.record.project);
    const body = shellExecBody(size);
    const pty = await openExecPty(entry.record.endpoint, { path, command: body.command, environment: body.environment, size });
    return { pty, command: formatRestCall("POST", path, body) };
  },
  explainExit: (key, exit) => explainAttachExit(exit, { readState: () => readState(key) }),
};
