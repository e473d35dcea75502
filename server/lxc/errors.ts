/**
 * Typed errors of the lxc adapter. Each `message` is one sentence a person can
 * read in the browser; details a program needs (exit code, stderr, the fix
 * command) are separate fields.
 *
 * `code` exists because this module is loaded twice (by the tsx custom server
 * and by Next's bundle), so `instanceof` can fail across the two copies; use
 * `isLxcError` / compare `code` instead.
 */
export type LxcErrorCode =
  | "CONTAINER_NOT_FOUND"
  | "CONTAINER_EXISTS"
  | "INVALID_NAME"
  | "INVALID_OPTION"
  | "TOOL_MISSING"
  | "HOST_SETUP_MISSING"
  | "COMMAND_FAILED"
  | "CONTAINER_BUSY"
  | "OPERATION_CANCELLED"
  | "UNEXPECTED_OUTPUT"
  | "TOOL_TIMED_OUT"
  | "ARCHIVE_REFUSED"
  | "DISK_FULL"
  // An Incus host (server/incus/errors.ts): not reached, another certificate, or an error answer.
  | "HOST_UNREACHABLE"
  | "HOST_CERTIFICATE_MISMATCH"
  | "HOST_REFUSED";

export abstract class LxcError extends Error {
  abstract readonly code: LxcErrorCode;
}

const CODES: Record<LxcErrorCode, true> = {
  CONTAINER_NOT_FOUND: true,
  CONTAINER_EXISTS: true,
  INVALID_NAME: true,
  INVALID_OPTION: true,
  TOOL_MISSING: true,
  HOST_SETUP_MISSING: true,
  COMMAND_FAILED: true,
  CONTAINER_BUSY: true,
  OPERATION_CANCELLED: true,
  UNEXPECTED_OUTPUT: true,
  TOOL_TIMED_OUT: true,
  ARCHIVE_REFUSED: true,
  DISK_FULL: true,
  HOST_UNREACHABLE: true,
  HOST_CERTIFICATE_MISMATCH: true,
  HOST_REFUSED: true,
};

export function isLxcError(e: unknown): e is LxcError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === "string" && Object.hasOwn(CODES, code);
}

export class ContainerNotFound extends LxcError {
  readonly code = "CONTAINER_NOT_FOUND";
  constructor(readonly container: string) {
    super(`container ${container} no longer exists`);
  }
}

export class ContainerExists extends LxcError {
  readonly code = "CONTAINER_EXISTS";
  readonly field = "name";
  constructor(readonly container: string) {
    super(`container ${container} already exists`);
  }
}

/** A name the schema refuses; `message` is the schema's own field message. */
export class InvalidName extends LxcError {
  readonly code = "INVALID_NAME";
  readonly field = "name";
  constructor(message: string) {
    super(message);
  }
}

/** An option outside its fixed list (template, release, timeout...). */
export class InvalidOption extends LxcError {
  readonly code = "INVALID_OPTION";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A program the adapter needs is not installed; `fix` is the command that installs it. */
export class ToolMissing extends LxcError {
  readonly code = "TOOL_MISSING";
  constructor(
    readonly tool: string,
    readonly fix: string,
  ) {
    super(`${tool} is not installed; install it with: ${fix}`);
  }
}

/** The host lacks a piece of set-up other than a program (e.g. subordinate ids). */
export class HostSetupMissing extends LxcError {
  readonly code = "HOST_SETUP_MISSING";
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(`${message}; fix it with: ${fix}`);
  }
}

export class CommandFailed extends LxcError {
  readonly code = "COMMAND_FAILED";
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(commandFailedMessage(argv, exitCode, stderr));
  }
}

// lxc-start ends a failure with advice about foreground mode and log files; the reason comes before it.
const ADVICE = /To get more details|Additional information can be obtained/;

/** The line of stderr that gives the reason (a full disk's, else the last), without lxc's "tool: name: file.c: func: 123 " prefix. */
// A full disk is the cause whatever the tool says last ("Failed to create container ...").
const DISK_FULL = /No space left on device|Disk quota exceeded/;

function commandFailedMessage(argv: readonly string[], exitCode: number, stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !ADVICE.test(l));
  const last = lines.find((l) => DISK_FULL.test(l)) ?? lines.at(-1);
  const reason = last?.replace(/^lxc-[a-z-]+: (?:[^:]+: )?[^:\s]+\.c: \w+: \d+ /, "");
  return `${argv[0] ?? "command"} failed with exit code ${exitCode}${reason ? `: ${reason}` : ""}`;
}

export class ContainerBusy extends LxcError {
  readonly code = "CONTAINER_BUSY";
  constructor(
    readonly container: string,
    readonly action: string,
  ) {
    super(`container ${container} is busy (${action}); try again when it has finished`);
  }
}

export class OperationCancelled extends LxcError {
  readonly code = "OPERATION_CANCELLED";
  constructor(readonly what: string) {
    super(`${what} was cancelled`);
  }
}

/** A tool printed something the parsers cannot read (a different LXC version?). */
export class UnexpectedOutput extends LxcError {
  readonly code = "UNEXPECTED_OUTPUT";
  constructor(
    readonly tool: string,
    detail: string,
  ) {
    super(`${tool} printed output the dashboard cannot read (${detail})`);
  }
}

/** A tool that must not hang ran past its time and was stopped (its whole process group). */
export class ToolTimedOut extends LxcError {
  readonly code = "TOOL_TIMED_OUT";
  constructor(
    readonly argv: readonly string[],
    readonly seconds: number,
  ) {
    super(`${argv[0] ?? "command"} did not finish within ${seconds} s and was stopped; nothing else was run. Look at the host (is LXC stuck?) before trying again`);
  }
}

/** A backup archive that must not be restored (a path outside, a link out, a device node where none belongs, too big…); nothing was written. */
export class ArchiveRefused extends LxcError {
  readonly code = "ARCHIVE_REFUSED";
  readonly field = "archive";
  constructor(reason: string) {
    super(`the archive was refused before anything was written: ${reason}`);
  }
}

/** The disk filled up while writing; what was half-written has been removed. */
export class DiskFull extends LxcError {
  readonly code = "DISK_FULL";
  constructor(
    readonly where: string,
    what: string,
  ) {
    super(`the disk holding ${where} is full (ENOSPC); ${what}`);
  }
}
